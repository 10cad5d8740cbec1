using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class SpeedingRuleTests
{
    // The calibration maps 500 image pixels of height to 30 m: 1 m = 16.67 px vertically.
    private const float PixelsPerMetre = 500f / 30f;

    [Fact]
    public void SpeedingRule_Flags_ACarAboveItsLimitPlusTolerance_WithTheMeasuredSpeed()
    {
        var script = new RuleScript();
        var pixelsPerFrame = 75 / 3.6f / 10 * PixelsPerMetre; // 75 km/h at 10 fps
        for (var k = 0; k <= 15; k++)
        {
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k));
        }

        // Measured over 0.8 s from frame 8 on; three over-limit measurements in a row at frame 10.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.Speeding, 10L), (violation.Kind, violation.Sequence));
        Assert.Equal(75, violation.Measurements[0].Value, 0.5);
        Assert.Equal(new Measurement("speed_limit", 50, "km/h"), violation.Measurements[1]);
        Assert.Equal(("6.6.a", 6_000_000L), (violation.Legal!.Code, violation.Legal.Fine.MinimumVnd));
    }

    [Fact]
    public void SpeedingRule_PicksTheFineBandByTheExcess()
    {
        var script = new RuleScript();
        var pixelsPerFrame = 62 / 3.6f / 10 * PixelsPerMetre; // 62 km/h: 12 km/h over
        for (var k = 0; k <= 15; k++)
        {
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k));
        }

        Assert.Equal("6.5.đ", Assert.Single(script.Violations).Legal!.Code);
    }

    [Fact]
    public void SpeedingRule_IgnoresSpeedsWithinTheTolerance_AndJitterOfAStoppedCar()
    {
        var script = new RuleScript();
        var pixelsPerFrame = 54 / 3.6f / 10 * PixelsPerMetre; // 54 km/h: under 50 + 5
        for (var k = 0; k <= 15; k++)
        {
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k), Car(3, 750, 800 + (k % 2 == 0 ? 8 : -8)));
        }

        Assert.Empty(script.Violations);
    }
}
