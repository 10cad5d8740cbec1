using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
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
    [InlineData(2.5, 62)] // a slow gateway: under four positions a one-second window
    [InlineData(100, 75)] // a fast camera: the newest 32 positions span a third of a second
    [InlineData(200, 75)] // a faster one: the newest 64 span a third of a second
    public void SpeedingRule_Measures_AtTheFrameRateTheCameraHas(double framesPerSecond, double speedKmh)
    {
        var script = new RuleScript(framesPerSecond: framesPerSecond);
        var pixelsPerFrame = (float)(speedKmh / 3.6 / framesPerSecond * PixelsPerMetre);
        for (var k = 0; 990 - pixelsPerFrame * k > 300; k++)
        {
            script.Frame(Car(2, 650, 990 - pixelsPerFrame * k));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(ViolationKind.Speeding, violation.Kind);
        Assert.Equal(speedKmh, violation.Measurements[0].Value, 1.0);
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

    [Fact]
    public void SpeedingRule_MeasuresAShortFastPass_FromItsFirstFrames()
    {
        // 65 km/h for 1.5 s (27 m): tentative for its first two frames, gone after frame 14.
        var script = new RuleScript();
        var pixelsPerFrame = 65 / 3.6f / 10 * PixelsPerMetre;
        for (var k = 0; k < 15; k++)
        {
            script.Frame(Car(2, 650, 980 - pixelsPerFrame * k, k < 2 ? TrackState.Tentative : TrackState.Tracked));
        }

        script.Frame();
        var violation = Assert.Single(script.Violations);
        Assert.Equal(7L, violation.Sequence);
        Assert.Equal(65, violation.Measurements[0].Value, 0.5);
        Assert.Equal("6.5.đ", violation.Legal!.Code);
    }

    [Fact]
    public void SpeedingRule_IsRobust_ToAFewJumpingBoxes()
    {
        var script = new RuleScript();
        var pixelsPerFrame = 75 / 3.6f / 10 * PixelsPerMetre;
        for (var k = 0; k <= 15; k++)
        {
            // Every fourth box jumps 40 px (something passed in front of the car).
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k + (k % 4 == 3 ? 40 : 0)));
        }

        Assert.Equal(75, Assert.Single(script.Violations).Measurements[0].Value, 1.5);
    }

    [Fact]
    public void SpeedingRule_DoesNotRaise_AnExcessTheDecreeDoesNotFine()
    {
        // 57 km/h in a 50 zone with a 5 km/h tolerance: 2 km/h proven over, under the decree's lowest band (5 km/h).
        var script = new RuleScript();
        var pixelsPerFrame = 57 / 3.6f / 10 * PixelsPerMetre;
        for (var k = 0; k <= 15; k++)
        {
            script.Frame(Car(2, 650, 950 - pixelsPerFrame * k));
        }

        Assert.Empty(script.Violations);
    }
}
