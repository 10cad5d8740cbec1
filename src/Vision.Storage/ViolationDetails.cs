using System.Text.Json;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>The parts of a violation nobody filters on, kept as one JSON document: box, key frames, track path, light timeline, related tracks.</summary>
public sealed record ViolationDetails(
    BoundingBox Box,
    IReadOnlyList<KeyFrame> KeyFrames,
    IReadOnlyList<TrackPoint> Path,
    IReadOnlyList<LightStateChange> LightTimeline,
    IReadOnlyList<long> RelatedTrackIds)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ViolationDetails Of(ViolationCandidate candidate) =>
        new(candidate.Box, candidate.KeyFrames, candidate.Path, candidate.LightTimeline, candidate.RelatedTrackIds);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ViolationDetails FromJson(string json) =>
        JsonSerializer.Deserialize<ViolationDetails>(json, Json) ?? throw new InvalidDataException("Empty violation details document.");
}
