using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Violations;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Storage.CrashHarness;

/// <summary>The burst the harness records: violation i always has the same id and content, so a restarted run repeats it exactly.</summary>
public static class BurstViolations
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    public static ViolationCandidate Candidate(int index)
    {
        var at = Start.AddMilliseconds(index * 250L);
        var box = new BoundingBox(300 + (index % 50), 200, 420 + (index % 50), 380);
        return new ViolationCandidate(
            ViolationCandidate.CreateId("hue-le-loi-1", ViolationKind.RedLight, index, Start, index * 10L),
            "hue-le-loi-1", ViolationKind.RedLight, index, "motorcycle", (index * 10L) + 5, at, box,
            [new KeyFrame(index * 10L, at.AddSeconds(-1), KeyFrameRole.Before), new KeyFrame((index * 10L) + 5, at, KeyFrameRole.At)],
            [new TrackPoint((index * 10L) + 5, at, box)],
            [new Measurement("red_elapsed", 1.5, "s")],
            [],
            "stop-line-north",
            new LegalReference("168/2024/NĐ-CP", 7, 7, "c", new FineRange(4_000_000, 6_000_000)),
            new RuleProvenance("le-loi-junction", 3, new string('c', 64), "red-light"),
            [new ModelIdentity("yolox-nano-coco-416", new string('a', 64))]);
    }
}
