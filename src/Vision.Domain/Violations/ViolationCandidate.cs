using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.TrafficLights;

namespace Vision.Domain.Violations;

/// <summary>
/// A violation a rule saw on one track, with everything an officer and the evidence package need: what, where,
/// when (capture time, key frames), the measurements, the law, and which scene configuration and models produced it.
/// Immutable and pixel-free.
/// </summary>
/// <param name="Id">Stable for the same input (camera, rule, the track's first capture time and id, the frame the episode
/// started), so a replay yields the same ids, while a restarted process whose tracker counts from 1 again does not.</param>
/// <param name="Box">The vehicle (or animal) box at the key frame, in source pixels.</param>
/// <param name="Path">The track's recent boxes up to the key frame, oldest first.</param>
/// <param name="ZoneName">The zone, line or lane involved, as named in the scene configuration.</param>
/// <param name="RelatedTrackIds">Other tracks the violation rests on (the riders bound to an overloaded motorbike).</param>
public sealed record ViolationCandidate(
    string Id,
    string CameraId,
    ViolationKind Kind,
    long TrackId,
    string ObjectClass,
    long Sequence,
    DateTimeOffset OccurredAt,
    BoundingBox Box,
    IReadOnlyList<KeyFrame> KeyFrames,
    IReadOnlyList<TrackPoint> Path,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<LightStateChange> LightTimeline,
    string? ZoneName,
    LegalReference? Legal,
    RuleProvenance Provenance,
    IReadOnlyList<ModelIdentity> Models)
{
    public IReadOnlyList<long> RelatedTrackIds { get; init; } = [];

    /// <summary>The plate decided for the track when the violation was raised (null when none was read yet).</summary>
    public TrackPlate? Plate { get; init; }

    /// <summary>
    /// Slow cases only (street order: sidewalk encroachment, sidewalk parking lot, loose cattle): the episode from its
    /// first to its last frame with the occupancy over time. Such a case rests on a zone, not a track: its
    /// <see cref="TrackId"/> is the zone's index in the scene, its <see cref="Box"/> the occupied region at the last frame.
    /// </summary>
    public SlowCaseEpisode? Episode { get; init; }

    /// <summary>
    /// A stable id for one episode of one rule on one track at one place, e.g.
    /// <c>hue-le-loi-1:RedLight:20261128T003000100Z-7:130:5d41402a</c>. The place (the line, zone or lane the rule
    /// names) is a short hash of its name: one track may break one rule at two places in episodes that start on the
    /// same frame (two solid lines, overlapping zones), and each is a violation of its own.
    /// </summary>
    public static string CreateId(string cameraId, ViolationKind kind, long trackId, DateTimeOffset trackFirstSeen, long episodeStartSequence,
        string? place = null)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{cameraId}:{kind}:{trackFirstSeen.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{trackId}:{episodeStartSequence}");
        return place is null ? id : id + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(place)))[..8];
    }
}
