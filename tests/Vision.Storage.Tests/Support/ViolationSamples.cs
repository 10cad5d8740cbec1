using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;

namespace Vision.Storage.Tests.Support;

/// <summary>Violation candidates as the rules produce them (red light on a motorbike at a Huế junction, unless told otherwise).</summary>
public static class ViolationSamples
{
    public static readonly DateTimeOffset Morning = new(2026, 11, 28, 1, 30, 0, TimeSpan.Zero); // 08:30 in Huế

    public static readonly ModelIdentity Detector = new("yolox-nano-coco-416", new string('a', 64));
    public static readonly ModelIdentity PlateReader = new("fast-plate-ocr", new string('b', 64));

    public static ViolationCandidate Candidate(
        long trackId, DateTimeOffset occurredAt, string cameraId = "hue-le-loi-1", ViolationKind kind = ViolationKind.RedLight,
        string? plate = "75H142599", string? formatted = "75-H1 425.99")
    {
        var box = new BoundingBox(410, 220, 520, 400);
        var keyFrames = new[]
        {
            new KeyFrame(trackId * 10, occurredAt.AddSeconds(-1), KeyFrameRole.Before),
            new KeyFrame((trackId * 10) + 5, occurredAt, KeyFrameRole.At),
            new KeyFrame((trackId * 10) + 9, occurredAt.AddSeconds(1), KeyFrameRole.After),
        };
        var candidate = new ViolationCandidate(
            ViolationCandidate.CreateId(cameraId, kind, trackId, occurredAt.AddSeconds(-1), trackId * 10),
            cameraId, kind, trackId, "motorcycle", (trackId * 10) + 5, occurredAt, box, keyFrames,
            [new TrackPoint(trackId * 10, occurredAt.AddSeconds(-1), box with { Top = 260, Bottom = 440 }), new TrackPoint((trackId * 10) + 5, occurredAt, box)],
            [new Measurement("red_elapsed", 2.4, "s"), new Measurement("stop_line_overshoot", 3.1, "m")],
            [new LightStateChange("main", TrafficLightState.Red, trackId * 10 - 30, occurredAt.AddSeconds(-3))],
            "stop-line-north",
            new LegalReference("168/2024/NĐ-CP", 7, 7, "c", new FineRange(4_000_000, 6_000_000)),
            new RuleProvenance("le-loi-junction", 3, new string('c', 64), "red-light"),
            [Detector, PlateReader]);
        if (plate is null)
        {
            return candidate;
        }

        var observation = new PlateObservation(new PlateRead(plate, [0.97f, 0.95f], PlateReader), formatted, formatted is not null,
            (trackId * 10) + 4, occurredAt, 120, 90, 310, new byte[] { 0xFF, 0xD8 });
        var consensus = new PlateConsensusResult(plate, formatted, formatted is not null, 0.8, 8, observation,
            [new Vision.Domain.Plates.Consensus.PlateAlternative(plate[..^1] + "8", 0.15, 2), new Vision.Domain.Plates.Consensus.PlateAlternative(plate[..^2] + "6" + plate[^1], 0.05, 1)], true)
        {
            CharacterConfidences = [.. plate.Select((_, i) => i == plate.Length - 1 ? 0.625f : 0.875f)],
        };
        return candidate with { Plate = new TrackPlate(trackId, consensus, []), RelatedTrackIds = [trackId + 1000] };
    }

    /// <summary>
    /// The stored violation an officer confirmed from <paramref name="candidate"/>: plate 75-H1 425.99 read at 0.8, no
    /// position and no evidence; tests change what they check with <c>with</c>.
    /// </summary>
    public static ViolationRecord ConfirmedRecord(ViolationCandidate candidate) =>
        new(candidate.Id, candidate.CameraId, candidate.Kind, candidate.TrackId, candidate.ObjectClass, candidate.Sequence,
            candidate.OccurredAt, candidate.OccurredAt.AddSeconds(2), null, candidate.ZoneName, candidate.Legal, candidate.Provenance, candidate.Models,
            candidate.Measurements, "75H142599", "75-H1 425.99", 0.8, true, [], null, ViolationDetails.Of(candidate),
            ReviewStatus.Confirmed, 2, "csgt-hue-017", candidate.OccurredAt.AddMinutes(3), null, null, null, null);
}
