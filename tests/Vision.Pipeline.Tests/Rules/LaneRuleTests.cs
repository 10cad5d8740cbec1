using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class LaneRuleTests
{
    [Fact]
    public void SolidLineRule_Flags_ACarCrossingTheCentreLine()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 12; k++)
        {
            script.Frame(Car(5, 540 - 10 * k, 700));
        }

        // Clearly past the line (x < 490) at frame 6.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.SolidLineCrossing, 6L, "centre line", "6.1.a"), (violation.Kind, violation.Sequence, violation.ZoneName, violation.Legal!.Code));
    }

    [Fact]
    public void SolidLineRule_Ignores_ABoxThatShrinksOverTheLine_WhileSomethingPassesInFront()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            // A car beside the centre line (its box 480–560); at frames 8–12 a bus passing in front hides all but its left
            // edge, so the detector's box shrinks to 480–490 and its bottom centre lands past the line.
            script.Frame(k is >= 8 and < 13 ? Track(5, "car", 485, 700, width: 10) : Track(5, "car", 520, 700));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void SolidLineRule_IgnoresJitterOnTheLine_AndTravelBeyondItsEnds()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            // Track 5 drives along the line, its anchor jittering ±8 px; track 6 crosses x = 500 above the line's end (y < 300).
            script.Frame(Car(5, 500 + (k % 2 == 0 ? 8 : -8), 900 - 10 * k), Car(6, 700 - 10 * k, 250));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void ACarCrossingTwoSolidLines_IsTwoViolations_WithTwoIds()
    {
        // A second solid line at x = 300: the car is beside both from its first frame, so both episodes start there.
        var script = new RuleScript(Scenes.SceneLoaderTests.Junction.Replace(
            "\"SolidLines\": [ { \"Name\": \"centre line\", \"Points\": [[0.5, 0.3], [0.5, 1.0]] } ]",
            "\"SolidLines\": [ { \"Name\": \"centre line\", \"Points\": [[0.5, 0.3], [0.5, 1.0]] }, { \"Name\": \"lane line\", \"Points\": [[0.3, 0.3], [0.3, 1.0]] } ]",
            StringComparison.Ordinal));
        for (var k = 0; k <= 36; k++)
        {
            script.Frame(Car(5, 560 - 10 * k, 700));
        }

        var crossings = script.Violations.Where(v => v.Kind == ViolationKind.SolidLineCrossing).ToList();
        Assert.Equal(["centre line", "lane line"], crossings.Select(v => v.ZoneName));
        Assert.Equal(2, crossings.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public void SolidLineRule_Ignores_AUTurnAroundTheLinesEnd()
    {
        var script = new RuleScript();
        // Up the right of the centre line, across above its end (y < 300), and back down its left.
        var path = Enumerable.Range(0, 41).Select(k => (X: 700f, Y: 650f - 10 * k))
            .Concat(Enumerable.Range(1, 40).Select(k => (X: 700f - 10 * k, Y: 250f)))
            .Concat(Enumerable.Range(1, 40).Select(k => (X: 300f, Y: 250f + 10 * k)));
        foreach (var (x, y) in path)
        {
            script.Frame(Car(5, x, y));
        }

        Assert.DoesNotContain(script.Violations, v => v.Kind == ViolationKind.SolidLineCrossing);
    }

    [Fact]
    public void LaneClassRule_Flags_ATruckInALaneForCarsAndMotorbikes_NotACar()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Track(8, "truck", 700, 990 - 10 * k), Car(9, 780, 990 - 10 * k));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.LaneNotAllowed, 8L, 10L, "northbound"), (violation.Kind, violation.TrackId, violation.Sequence, violation.ZoneName));
    }
}
