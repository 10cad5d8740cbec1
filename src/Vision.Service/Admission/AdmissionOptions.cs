using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Admission;

/// <summary>How much photo work the service takes at once (configuration <c>Vision:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Vision:Admission";

    /// <summary>
    /// Pixels of photos being decoded and analysed at once, across all photo methods. A decoded 12 MP photo with
    /// triage's copies costs a few hundred megabytes, so this budget is what bounds the service's memory under load.
    /// A photo larger than the budget still runs, alone.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPixelsInFlight { get; set; } = 40_000_000;

    /// <summary>Each inference already uses every core, so few calls run at once: a quarter of the cores (at least one).</summary>
    public MethodAdmissionOptions AnalyzePhoto { get; set; } =
        new() { MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 4), MaxQueued = 32, MaxQueueWait = TimeSpan.FromSeconds(2) };

    /// <summary>Triage of a 12 MP photo holds a few hundred megabytes and runs several models: an eighth of the cores (at least one).</summary>
    public MethodAdmissionOptions TriagePhoto { get; set; } =
        new() { MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 8), MaxQueued = 8, MaxQueueWait = TimeSpan.FromSeconds(1) };

    /// <summary>After a burst, once this long has passed with no photo in flight, freed memory is given back to the system.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan IdleTrimDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One method's share: how many run at once, how many wait, and for how long.</summary>
public sealed class MethodAdmissionOptions
{
    [Range(1, 1024)]
    public int MaxConcurrent { get; set; } = 2;

    [Range(0, 10_000)]
    public int MaxQueued { get; set; } = 8;

    /// <summary>
    /// A call that would wait longer is refused with RESOURCE_EXHAUSTED: at once when the work ahead of it (at the
    /// method's recent service time) already exceeds this, otherwise when the wait runs out. The call's deadline shortens it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(2);
}
