using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class WrongWayRuleTests
{
    [Fact]
    public void WrongWayRule_Flags_WhenHeadingOpposesTheLane_ForTheMinimumDistance()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Car(4, 700, 400 + 10 * k)); // southbound in the northbound lane
        }

        // 0.12 × 1000 px against the lane after 12 frames.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.WrongWay, 12L, "northbound", "6.9.d"), (violation.Kind, violation.Sequence, violation.ZoneName, violation.Legal!.Code));
        Assert.Equal(new Measurement("distance_against_lane", 120, "px"), violation.Measurements[0]);
    }

    [Fact]
    public void WrongWayRule_FlagsOneRideAgainstTheTraffic_Once_ThoughItCrossesIntoTheNextLaneOfTheOneWayStreet()
    {
        // The northbound carriageway drawn as a car lane and a motorbike lane; the motorbike rides south in one, then the other.
        var twoLanes = Scenes.SceneLoaderTests.Junction.Replace(
            """{ "Name": "northbound", "Polygon": [[0.5, 0.3], [0.85, 0.3], [0.85, 1.0], [0.5, 1.0]], "Direction": [0, -1], "AllowedClasses": ["car", "motorcycle"] }""",
            """{ "Name": "northbound cars", "Polygon": [[0.5, 0.3], [0.68, 0.3], [0.68, 1.0], [0.5, 1.0]], "Direction": [0, -1], "AllowedClasses": ["car", "motorcycle"] },""" +
            """{ "Name": "northbound motorbikes", "Polygon": [[0.68, 0.3], [0.85, 0.3], [0.85, 1.0], [0.68, 1.0]], "Direction": [0, -1], "AllowedClasses": ["motorcycle"] }""",
            StringComparison.Ordinal);
        Assert.NotEqual(Scenes.SceneLoaderTests.Junction, twoLanes);
        var script = new RuleScript(twoLanes);
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(4, "motorcycle", k <= 15 ? 600 : 760, 400 + 10 * k, width: 40, height: 70));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.WrongWay, "northbound cars"), (violation.Kind, violation.ZoneName));
    }

    [Fact]
    public void WrongWayRule_FlagsARideAgainstACrossingOneWayStreet_Too()
    {
        // Against the northbound street, then against a crossing eastbound one: two offences, not one.
        var crossing = Scenes.SceneLoaderTests.Junction.Replace(
            """ "Direction": [0, -1], "AllowedClasses": ["car", "motorcycle"] }""",
            """ "Direction": [0, -1], "AllowedClasses": ["car", "motorcycle"] },""" +
            """{ "Name": "eastbound", "Polygon": [[0.0, 0.1], [1.0, 0.1], [1.0, 0.28], [0.0, 0.28]], "Direction": [1, 0], "AllowedClasses": ["car", "motorcycle"] }""",
            StringComparison.Ordinal);
        Assert.NotEqual(Scenes.SceneLoaderTests.Junction, crossing);
        var script = new RuleScript(crossing);
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(4, "motorcycle", k <= 15 ? 700 : 700 - (20 * (k - 15)), k <= 15 ? 400 + (10 * k) : 200, width: 40, height: 70));
        }

        Assert.Equal(["northbound", "eastbound"], script.Violations.Where(v => v.Kind == ViolationKind.WrongWay).Select(v => v.ZoneName));
    }

    [Fact]
    public void WrongWayRule_IgnoresTrafficWithTheLane_AndAStoppedVehicleJittering()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 60; k++)
        {
            script.Frame(Car(4, 700, 990 - 10 * k), Car(5, 780, 700 + (k % 2 == 0 ? 6 : -6)));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void WrongWayRule_Ignores_AWaitingTruckWhoseBoxBottomJumpsWhileAMotorbikeStandsInFront()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            // A truck near the camera waits with its box bottom at y 950 (top 600); a motorbike in front hides its lower
            // part at frames 10–14 (the box ends at y 800), then moves on: the bottom comes back 150 px "against" the lane.
            var hidden = k is >= 10 and < 15;
            script.Frame(Track(4, "truck", 700, hidden ? 800 : 950, height: hidden ? 200 : 350));
        }

        Assert.DoesNotContain(script.Violations, violation => violation.Kind == ViolationKind.WrongWay);
    }

    [Fact]
    public void WrongWayRule_Flags_AVehicleThatTurnsAroundInTheLane()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(4, 700, 900 - 10 * k)); // north to y = 800
        }

        for (var k = 1; k <= 15; k++)
        {
            script.Frame(Car(4, 700, 800 + 10 * k)); // then back south: 120 px against the lane at the 12th frame
        }

        Assert.Equal(22, Assert.Single(script.Violations).Sequence);
    }
}
