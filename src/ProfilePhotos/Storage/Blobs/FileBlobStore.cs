using System.Runtime.CompilerServices;

namespace ProfilePhotos.Storage.Blobs;

/// <summary>
/// Blobs as files under <c>{data}/blobs/ab/abcdef....jpg</c>: written to a temporary file,
/// flushed to disk, then renamed into place, so a crash leaves a whole blob or none.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private const string Extension = ".jpg";
    private const string TemporaryExtension = ".tmp";
    private readonly string root;

    public FileBlobStore(string dataDirectory)
    {
        root = Path.Combine(Path.GetFullPath(dataDirectory), "blobs");
        Directory.CreateDirectory(root);
    }

    public async Task PutAsync(BlobName name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporaryExtension}";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            // A name is written once; a repeated write of it (a retry) carries the same bytes.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(name)));

    public Task DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(name));
        }
        catch (DirectoryNotFoundException)
        {
            // Its shard directory never existed: neither does the blob.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*" + Extension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BlobName.TryParse(Path.GetFileNameWithoutExtension(file), out var name))
            {
                yield return new BlobEntry(name, File.GetLastWriteTimeUtc(file));
            }
        }

        await Task.CompletedTask;
    }

    /// <summary>Removes temporary files a crash left behind; only safe while no upload runs (at start).</summary>
    public int RemoveAbandonedTemporaryFiles()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*" + TemporaryExtension, SearchOption.AllDirectories))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    private string PathOf(BlobName name)
    {
        var text = name.ToString();
        return Path.Combine(root, text[..2], text + Extension);
    }
}
