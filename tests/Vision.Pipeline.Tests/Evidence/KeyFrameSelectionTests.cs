using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class KeyFrameSelectionTests
{
    private static readonly IReadOnlyList<EncodedFrame> Frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41);

    [Fact]
    public void KeyFramesTheRuleNamed_AreKept_AndMissingRolesFilledOneSecondAway()
    {
        // The rule saw the vehicle before the stop line at frame 112 (not 1 s before).
        var candidate = EvidenceSamples.RedLight(Frames[20], new BoundingBox(10, 10, 200, 200), []) with
        {
            KeyFrames = [new KeyFrame(112, Frames[12].CapturedAt, KeyFrameRole.Before), new KeyFrame(120, Frames[20].CapturedAt, KeyFrameRole.At)],
        };

        var chosen = KeyFrameSelection.Select(candidate, Frames, TimeSpan.FromSeconds(1));

        Assert.Equal([(KeyFrameRole.Before, 112L), (KeyFrameRole.At, 120L), (KeyFrameRole.After, 130L)], chosen.Select(c => (c.Role, c.Frame.Sequence)));
    }

    [Fact]
    public void TheAfterFrameTheRuleExpected_IsTakenByItsTime_WhenTheCameraSendsSlowerThanItsExpectedRate()
    {
        // A camera configured for 25 fps sends 10: the rule expects the After frame 25 frames on (sequence 145), which at
        // 10 fps is 2.5 s after the violation, when a fast vehicle has left the view. It is the frame one second on.
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 61);
        var candidate = EvidenceSamples.RedLight(frames[20], new BoundingBox(10, 10, 200, 200), []) with
        {
            KeyFrames = [new KeyFrame(120, frames[20].CapturedAt, KeyFrameRole.At), new KeyFrame(145, frames[20].CapturedAt + TimeSpan.FromSeconds(1), KeyFrameRole.After)],
        };

        var chosen = KeyFrameSelection.Select(candidate, frames, TimeSpan.FromSeconds(1));

        Assert.Equal(130L, chosen.Single(c => c.Role == KeyFrameRole.After).Frame.Sequence);
    }

    [Fact]
    public void DroppedViolationFrame_IsReplacedByTheNearestBufferedOne_OnlyWithinTheSpacing()
    {
        var candidate = EvidenceSamples.RedLight(Frames[20], new BoundingBox(10, 10, 200, 200), []);
        var withoutIt = Frames.Where(f => f.Sequence != 120).ToList();
        var farAway = Frames.Where(f => f.Sequence < 105).ToList();

        var near = KeyFrameSelection.Select(candidate, withoutIt, TimeSpan.FromSeconds(1));
        var far = KeyFrameSelection.Select(candidate, farAway, TimeSpan.FromSeconds(1));

        Assert.Equal(119L, near.Single(c => c.Role == KeyFrameRole.At).Frame.Sequence);
        Assert.Empty(far);
    }
}
