using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Evidence;

/// <summary>What the overview image shows besides the frame: exact text here; the annotator transliterates for drawing.</summary>
/// <param name="VehicleBox">The vehicle at the violation frame, in the image's pixels.</param>
/// <param name="TrackPath">The vehicle's recent boxes, oldest first, in the image's pixels.</param>
/// <param name="CapturedAtLocal">The frame's capture time in local time.</param>
public sealed record OverviewAnnotation(
    string CameraName,
    string CameraId,
    DateTimeOffset CapturedAtLocal,
    long Sequence,
    string Violation,
    string? LegalCode,
    string? ZoneName,
    string? LightState,
    string? PlateText,
    string VehicleLabel,
    BoundingBox VehicleBox,
    IReadOnlyList<BoundingBox> TrackPath)
{
    /// <summary>The zone of a slow case, outlined on the overview (image pixels); empty for other violations.</summary>
    public IReadOnlyList<Vision.Domain.Geometry.PixelPoint> ZoneOutline { get; init; } = [];
}
