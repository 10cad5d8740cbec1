using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.Support;

public static class ExpectedBoxes
{
    /// <summary>Asserts that each hand-made box is matched by a distinct detection with IoU ≥ <paramref name="minimumIou"/>.</summary>
    public static void AssertEachMatched(IReadOnlyList<BoundingBox> expected, IReadOnlyList<BoundingBox> found, float minimumIou = 0.5f)
    {
        var unused = found.ToList();
        foreach (var box in expected)
        {
            var best = unused.OrderByDescending(candidate => candidate.IntersectionOverUnion(box)).FirstOrDefault();
            var iou = unused.Count == 0 ? 0 : best.IntersectionOverUnion(box);
            Assert.True(iou >= minimumIou,
                $"No detection matches hand-made box {box} (best IoU {iou:F2}); found: {string.Join("; ", found)}");
            unused.Remove(best);
        }
    }
}
