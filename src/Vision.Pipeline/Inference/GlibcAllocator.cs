using System.Runtime.InteropServices;

namespace Vision.Pipeline.Inference;

/// <summary>
/// glibc's allocator controls (<c>&lt;malloc.h&gt;</c>), for the inference heap and the service's native heap settings and
/// trims. Callers catch <see cref="DllNotFoundException"/> and <see cref="EntryPointNotFoundException"/>: another C library
/// (musl) has none of them.
/// </summary>
public static class GlibcAllocator
{
    /// <summary>glibc by its runtime name: plain "libc" finds nothing, or libc6-dev's linker script, which cannot be loaded.</summary>
    public const string Library = "libc.so.6";

    public const int TrimThresholdOption = -1; // M_TRIM_THRESHOLD
    public const int MmapThresholdOption = -3; // M_MMAP_THRESHOLD
    public const int ArenaMaxOption = -8; // M_ARENA_MAX

    /// <summary>Sets one option for the whole process; 1 when glibc took it.</summary>
    public static int MallOpt(int option, int value) => mallopt(option, value);

    /// <summary>Returns the heap's free memory to the system, keeping <paramref name="pad"/> bytes; 1 when some was returned.</summary>
    public static int MallocTrim(nuint pad) => malloc_trim(pad);

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which these projects do not allow for two calls.
    [DllImport(Library)]
    private static extern int mallopt(int option, int value);

    [DllImport(Library)]
    private static extern int malloc_trim(nuint pad);
#pragma warning restore SYSLIB1054
}
