using Microsoft.Data.Sqlite;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>A directory of the test's own under the system's temporary directory, removed with all it holds on disposal.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("profilephotos-tests-").FullName;

    /// <summary>A directory inside this one (created), for one of several nodes or stores.</summary>
    public string Subdirectory(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        // Pooled SQLite connections of an in-process service would keep the database files open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
