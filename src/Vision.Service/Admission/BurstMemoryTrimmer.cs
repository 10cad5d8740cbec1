using System.Runtime;
using Vision.Pipeline.Inference;

namespace Vision.Service.Admission;

/// <summary>
/// Gives memory back to the system once a burst of photos is over: a compacting, decommitting garbage collection
/// (which also lets the shared array pools drop their idle buffers) and glibc's <c>malloc_trim</c>, which returns
/// the native heap pages OpenCV and ONNX Runtime freed. Without it the process keeps its peak size for minutes.
/// </summary>
public sealed partial class BurstMemoryTrimmer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger<BurstMemoryTrimmer> _logger;
    private readonly Timer _timer;
    private bool _scheduled;

    public BurstMemoryTrimmer(ILogger<BurstMemoryTrimmer> logger)
    {
        _logger = logger;
        _timer = new Timer(_ => TrimIfStillScheduled(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public void ScheduleAfterBurst(TimeSpan delay)
    {
        lock (_gate)
        {
            _scheduled = true;
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void CancelScheduled()
    {
        lock (_gate)
        {
            if (_scheduled)
            {
                _scheduled = false;
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Gives freed memory back now (also what the timer does once a burst is over).</summary>
    /// <returns>Whether glibc's native heap was trimmed too (false where the C library is not glibc).</returns>
    public bool TrimNow()
    {
        CancelScheduled();
        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var nativeTrimmed = false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = GlibcAllocator.MallocTrim(0);
                nativeTrimmed = true;
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl, for instance): its allocator returns memory on its own.
            }
        }

        Trimmed(_logger, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), nativeTrimmed);
        return nativeTrimmed;
    }

    private void TrimIfStillScheduled()
    {
        lock (_gate)
        {
            if (!_scheduled)
            {
                return;
            }
        }

        _ = TrimNow();
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Photo burst over: memory trimmed from {BeforeMegabytes} MB to {AfterMegabytes} MB (native heap trimmed: {NativeHeapTrimmed})")]
    private static partial void Trimmed(ILogger logger, long beforeMegabytes, long afterMegabytes, bool nativeHeapTrimmed);
}
