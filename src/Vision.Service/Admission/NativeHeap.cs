using System.Runtime.InteropServices;
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
    /// <summary>glibc by its runtime name: plain "libc" finds nothing, or libc6-dev's linker script, which cannot be loaded.</summary>
    internal const string GlibcLibrary = "libc.so.6";

    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in <malloc.h>
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in <malloc.h>

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
            Vision.Pipeline.Inference.InferenceHeap.LeaveToHost();
        }

        try
        {
            var applied = (thresholdBytes == 0 || MallOpt(MmapThresholdParameter, (int)thresholdBytes) == 1)
                & (maxArenas == 0 || MallOpt(ArenaMaxParameter, maxArenas) == 1);
            return applied ? Outcome.Applied : Outcome.Refused;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for instance): no arenas that keep freed pages, nothing to set.
            return Outcome.NotGlibc;
        }
    }

#pragma warning disable SYSLIB1054  // LibraryImport needs unsafe code, which this project does not allow for one call.
    [DllImport(GlibcLibrary, EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
