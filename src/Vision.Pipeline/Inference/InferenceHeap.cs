namespace Vision.Pipeline.Inference;

/// <summary>
/// Keeps the native heap's freed buffers for the next inference run (Linux, glibc). ONNX Runtime runs without its CPU
/// arena here (<see cref="InferenceSessionFactory"/>), so each run allocates its activations with malloc and frees them.
/// glibc serves a buffer over its mmap threshold (128 KB at first, then moved by what was freed) with a fresh mapping and
/// returns it to the kernel when freed, so the next run faults every page in again: on a 2-core machine a plate reader's
/// run cost 8–11 ms a crop instead of 2–2.5 ms, for some batch sizes and not others, depending on the order they came
/// in. A fixed threshold of 32 MB (glibc's largest) serves every run's buffers from the heap, and a trim threshold of
/// 64 MB keeps freed memory at the heap's top for the next run; buffers over 32 MB (a 100-megapixel photo) are still
/// mapped and returned to the kernel when freed. An operator's own thresholds (<c>Vision:NativeHeap</c>, or glibc's
/// environment: <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>, <c>GLIBC_TUNABLES</c>) are left as set.
/// </summary>
public static class InferenceHeap
{
    private const int MmapThresholdBytes = 32 * 1024 * 1024;
    private const int TrimThresholdBytes = 64 * 1024 * 1024;

    private static readonly Lazy<bool> s_keepsFreedBuffers = new(Configure);
    private static volatile bool s_setByHost;

    /// <summary>
    /// Sets the thresholds once per process; whether freed buffers are kept (false where the C library is not glibc, the
    /// system not Linux, or the host or the environment set a threshold). Every later call returns the first call's outcome.
    /// </summary>
    public static bool KeepFreedBuffers() => s_keepsFreedBuffers.Value;

    /// <summary>The host sets glibc's mmap threshold itself (an operator's <c>Vision:NativeHeap</c>): leave it as set.</summary>
    public static void LeaveToHost() => s_setByHost = true;

    /// <summary>
    /// Whether glibc read a threshold from the environment at start (<c>MALLOC_MMAP_THRESHOLD_</c>,
    /// <c>MALLOC_TRIM_THRESHOLD_</c>, or <c>glibc.malloc.mmap_threshold</c> / <c>trim_threshold</c> in <c>GLIBC_TUNABLES</c>):
    /// mallopt would silently replace the operator's value.
    /// </summary>
    internal static bool SetByEnvironment(Func<string, string?> variable) =>
        !string.IsNullOrEmpty(variable("MALLOC_MMAP_THRESHOLD_"))
        || !string.IsNullOrEmpty(variable("MALLOC_TRIM_THRESHOLD_"))
        || variable("GLIBC_TUNABLES") is { } tunables
           && (tunables.Contains("glibc.malloc.mmap_threshold", StringComparison.Ordinal) || tunables.Contains("glibc.malloc.trim_threshold", StringComparison.Ordinal));

    private static bool Configure()
    {
        if (s_setByHost || !OperatingSystem.IsLinux() || SetByEnvironment(Environment.GetEnvironmentVariable))
        {
            return false;
        }

        try
        {
            // mallopt returns 1 on success; a C library without it (musl) throws EntryPointNotFoundException.
            return GlibcAllocator.MallOpt(GlibcAllocator.MmapThresholdOption, MmapThresholdBytes) == 1
                   && GlibcAllocator.MallOpt(GlibcAllocator.TrimThresholdOption, TrimThresholdBytes) == 1;
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }
}
