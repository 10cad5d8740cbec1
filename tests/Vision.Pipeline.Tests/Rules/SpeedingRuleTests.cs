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

        // Measured once the positions span 0.5 s (frame 5); three over-limit measurements in a row at frame 7.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.Speeding, 7L), (violation.Kind, violation.Sequence));
        Assert.Equal(75, violation.Measurements[0].Value, 0.5);
        Assert.Equal(new Measurement("speed_limit", 50, "km/h"), violation.Measurements[1]);
        Assert.Equal(("6.6.a", 6_000_000L), (violation.Legal!.Code, violation.Legal.Fine.MinimumVnd));
    }

    [Theory]
    [InlineData(62, "6.3.a")] // 12 km/h over the 50 limit, 7 beyond the 5 km/h tolerance: the 5–10 band
    [InlineData(67, "6.5.đ")] // 17 over, 12 beyond the tolerance: the 10–20 band
    public void SpeedingRule_PicksTheFineBandByTheExcessBeyondTheTolerance(float speedKmh, string expectedCode)
    {
        var script = new RuleScript();
        var pixelsPerFrame = speedKmh / 3.6f / 10 * PixelsPerMetre;
        for (var k = 0; k <= 15; k++)
        {
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k));
        }

        Assert.Equal(expectedCode, Assert.Single(script.Violations).Legal!.Code);
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
