using System.ComponentModel.DataAnnotations;
using Vision.Domain.Cameras;

namespace Vision.Pipeline.Cameras;

/// <summary>One camera of the registry (configuration <c>Vision:Cameras:N</c>).</summary>
public sealed class CameraDefinition
{
    [Required]
    [RegularExpression(CameraIds.Pattern, ErrorMessage = CameraIds.Rule)]
    public string Id { get; set; } = string.Empty;

    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>A disabled camera stays in the registry (its id is known) but runs nothing.</summary>
    public bool Enabled { get; set; } = true;

    [Range(-90.0, 90.0)]
    public double Latitude { get; set; }

    [Range(-180.0, 180.0)]
    public double Longitude { get; set; }

    [Range(0.1, 240.0)]
    public double ExpectedFramesPerSecond { get; set; } = 25;

    /// <summary>Which scene configuration (zones, lines, lights) applies to this camera's image.</summary>
    public string SceneConfiguration { get; set; } = string.Empty;

    /// <summary>Plate grammar for this camera (Vietnamese or Generic, e.g. at a border crossing); Vision:Plates:Grammar when empty.</summary>
    public Plates.PlateGrammarMode? PlateGrammar { get; set; }

    /// <summary>Where frames come from when Vision pulls them itself; gateway cameras leave it empty and stream over gRPC.</summary>
    public CameraSourceOptions? Source { get; set; }

    /// <summary>Accepted frames waiting to be decoded; beyond this the oldest is dropped.</summary>
    [Range(1, 1000)]
    public int IngestQueueCapacity { get; set; } = 8;

    /// <summary>
    /// The furthest a frame's sequence may lie past the last accepted one (10 million is days of video at 30 fps):
    /// a single frame numbered 2^63−1 would otherwise make every later frame a duplicate.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxSequenceJump { get; set; } = 10_000_000;

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How much recent video is kept (encoded) for evidence.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HistoryDuration { get; set; } = TimeSpan.FromSeconds(10);
}
