using System.ComponentModel.DataAnnotations;

namespace Vision.Service.HealthChecks;

/// <summary>What the health checks probe and when a camera counts as silent (configuration <c>Vision:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Vision:Health";

    /// <summary>A detector's real inference is run at most this often; probes in between get its last answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DetectorProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A detector that has not answered its probe within this is unhealthy (stalled, or starved of run slots).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan DetectorProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A store that has not answered a query within this is unhealthy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An enabled camera with no frame accepted for longer than this degrades camera ingest's health.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CameraDegradedAfter { get; set; } = TimeSpan.FromSeconds(30);
}
