using System.Globalization;

namespace Vision.Pipeline.Tests.Support;

/// <summary>
/// The process's peak resident set (VmHWM) over a piece of work, above the resident set when it started: the kernel's
/// own high-water mark, reset through /proc/self/clear_refs, so native memory (ONNX Runtime, OpenCV) counts too. Linux only.
/// </summary>
public static class PeakResidentMemory
{
    public static long Above(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = Read("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");
        work();
        return Read("VmHWM") - before;
    }

    private static long Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
