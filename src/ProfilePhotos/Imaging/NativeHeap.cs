using System.Runtime.InteropServices;

namespace ProfilePhotos.Imaging;

/// <summary>
/// libvips decodes into memory from glibc's malloc, on several threads at once. glibc gives
/// threads that meet a busy heap arenas of their own (up to eight per core) and keeps what is freed
/// in each, so the peaks of large decodes stayed with the process: 8 clients sending 49-megapixel
/// PNGs took it to 428 MB, 320 MB with two arenas (bench/hostile-memory.sh, docs/reliability.md).
/// Two arenas, unless the operator set <c>MALLOC_ARENA_MAX</c>; and freed pages go back to the
/// system after each decode. Nothing happens with another C library (musl has neither call).
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h
    private const string LibC = "libc.so.6";

    /// <summary>Call first thing: arenas made before it stay.</summary>
    public static void LimitArenas()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            Try(() => MallOpt(ArenaMax, 2));
        }
    }

    /// <summary>Returns the free pages of every arena to the system.</summary>
    public static void Trim()
    {
        if (OperatingSystem.IsLinux())
        {
            Try(() => MallocTrim(0));
        }
    }

    private static void Try(Func<int> call)
    {
        try
        {
            call();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its own allocator's defaults stand.
        }
    }

    // Blittable arguments only: no marshalling code to generate, so no LibraryImport (and no unsafe code).
    [DllImport(LibC, EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport(LibC, EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
