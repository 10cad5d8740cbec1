using System.Globalization;

namespace Vision.Service.Tests.Support;

/// <summary>This process's resident memory from /proc/self/status, with its peak (VmHWM) reset on demand (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>Resets the peak resident set to the current one (<c>/proc/self/clear_refs</c> 5) and returns the current one.</summary>
    public static long ResetPeak()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Field("VmRSS");
    }

    /// <summary>The peak resident set since the last <see cref="ResetPeak"/>.</summary>
    public static long Peak() => Field("VmHWM");

    private static long Field(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {name}.");
    }
}
