using Vision.Pipeline.Inference;
using Vision.Service.Hosting;

namespace Vision.Service.Admission;

/// <summary>
/// Sets glibc's mmap threshold and arena limit for the whole process with <c>mallopt</c> as the service starts, before any model or
/// photo allocates, so it holds however the service is started (<c>run-service.sh</c>, <c>dotnet Vision.Service.dll</c>,
/// the systemd unit, the container) without an environment variable each launcher would have to set. Setting it also
/// switches off glibc's dynamic threshold, which would otherwise climb back to 32 MiB after the first large free.
/// </summary>
public static class NativeHeap
{
    /// <summary>What the start-up did, for its log line.</summary>
    public enum Outcome
    {
        Applied,
        LeftToDefaults,
        NotGlibc,
        Refused,
    }

    /// <summary>Applies <c>Vision:NativeHeap</c> from <paramref name="configuration"/>; a value out of range stops start-up naming the key.</summary>
    public static (Outcome Outcome, long ThresholdBytes, int MaxArenas) Configure(IConfiguration configuration)
    {
        var options = SectionValidation.ReadNow<NativeHeapOptions>(configuration, NativeHeapOptions.Section);
        return (Apply(options.MmapThresholdBytes, options.MaxArenas), options.MmapThresholdBytes, options.MaxArenas);
    }

    private static Outcome Apply(long thresholdBytes, int maxArenas)
    {
        if (thresholdBytes == 0 && maxArenas == 0)
        {
            return Outcome.LeftToDefaults;
        }

        if (!OperatingSystem.IsLinux())
        {
            return Outcome.NotGlibc;
        }

        if (thresholdBytes != 0)
        {
            // The operator's threshold, not the one inference sets with its first model.
            InferenceHeap.LeaveToHost();
        }

        try
        {
            var applied = (thresholdBytes == 0 || GlibcAllocator.MallOpt(GlibcAllocator.MmapThresholdOption, (int)thresholdBytes) == 1)
                & (maxArenas == 0 || GlibcAllocator.MallOpt(GlibcAllocator.ArenaMaxOption, maxArenas) == 1);
            return applied ? Outcome.Applied : Outcome.Refused;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for instance): no arenas that keep freed pages, nothing to set.
            return Outcome.NotGlibc;
        }
    }
}
