using Vision.Domain.Geography;


namespace Vision.Storage;

/// <summary>Where each camera stands, so a recorded violation carries the position its report needs.</summary>
public sealed class CameraPositions(IReadOnlyDictionary<string, GeoPosition> positions)
{
    public static CameraPositions None { get; } = new(new Dictionary<string, GeoPosition>());

    public GeoPosition? Find(string cameraId) => positions.TryGetValue(cameraId, out var position) ? position : null;
}
