using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Admission;

/// <summary>How much photo work the service takes at once (configuration <c>Vision:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Vision:Admission";

    /// <summary>
    /// Peak memory of one triage per decoded pixel (decoded image, detector canvases, plate and face crops, the
    /// privacy copy and its JPEG): <c>triage-memory</c> measures a 12 MP triage about 168 MB above its start.
    /// </summary>
    public const double TriageBytesPerPixel = 14;

    /// <summary>
    /// Peak memory of one analysis per decoded pixel (decoded image and the detectors' canvases): the decode and
    /// detection stages of <c>triage-memory</c> peak 34 and 21 MB above their start for 12 MP (4.6 B/pixel).
    /// </summary>
    public const double AnalyzeBytesPerPixel = 5;

    /// <summary>
    /// Memory the photos in flight may hold together, across all photo methods, on top of what the service holds at
    /// rest (models and camera pipelines, about 400 MB on CPU with the default models). Each call is priced at its
    /// header's pixel count times its method's <see cref="MethodAdmissionOptions.BytesPerPixel"/>; the default keeps
    /// a service at rest at 400 MB under 1.5 GB whatever the load. A photo costing more than this still runs, alone.
    /// </summary>
    [Range(16L * 1024 * 1024, long.MaxValue)]
    public long PhotoMemoryBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Each inference already uses every core, so few calls run at once: a quarter of the cores (at least one).</summary>
    public MethodAdmissionOptions AnalyzePhoto { get; set; } =
        new() { MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 4), MaxQueued = 32, MaxQueueWait = TimeSpan.FromSeconds(2), BytesPerPixel = AnalyzeBytesPerPixel };

    /// <summary>Triage of a 12 MP photo holds a few hundred megabytes and runs several models: an eighth of the cores (at least one).</summary>
    public MethodAdmissionOptions TriagePhoto { get; set; } =
        new() { MaxConcurrent = Math.Max(1, Environment.ProcessorCount / 8), MaxQueued = 8, MaxQueueWait = TimeSpan.FromSeconds(1), BytesPerPixel = TriageBytesPerPixel };

    /// <summary>After a burst, once this long has passed with no photo in flight, freed memory is given back to the system.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan IdleTrimDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One method's share: how many run at once, how many wait, and for how long.</summary>
public sealed class MethodAdmissionOptions
{
    /// <summary>
    /// Also the method's thread count: each call admitted at once runs whole on a dedicated thread (<see cref="PhotoWorkers"/>).
    /// A 12 MP photo holds about 60 MB at its peak, so a few hundred at once is beyond any machine this runs on.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrent { get; set; } = 2;

    [Range(0, 10_000)]
    public int MaxQueued { get; set; } = 8;

    /// <summary>
    /// A call that would wait longer is refused with RESOURCE_EXHAUSTED: at once when the work ahead of it (at the
    /// method's recent service time) already exceeds this, otherwise when the wait runs out. The call's deadline shortens it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What one call holds at its peak per pixel its photo's header claims; prices the call against <see cref="AdmissionOptions.PhotoMemoryBytes"/>.</summary>
    [Range(1.0, 1000.0)]
    public double BytesPerPixel { get; set; } = AdmissionOptions.TriageBytesPerPixel;
}
