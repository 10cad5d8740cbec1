using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;
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

public sealed class DwellRuleTests
{
    [Fact]
    public void DwellRule_Flags_AVehicleStoppedInTheNoStoppingZone_LongerThanItsLimit()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 120; k++)
        {
            script.Frame(Car(9, 50 + (k % 3) - 1, 700 + (k % 2 == 0 ? 3 : -3))); // parked, box jitter of a few pixels
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.IllegalStopping, 50L, "bus stop", "junction-1:IllegalStopping:9:0"),
            (violation.Kind, violation.Sequence, violation.ZoneName, violation.Id));
        Assert.Equal(new Measurement("stationary_duration", 5, "s"), violation.Measurements[0]);
        Assert.Equal("6.2.đ", violation.Legal!.Code);
    }

    [Fact]
    public void DwellRule_IgnoresSlowTraffic_AndAVehicleLeavingBeforeTheLimit()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 120; k++)
        {
            // Track 1 crawls through the zone at 3 px a frame; track 2 stops for 4 s, then drives off.
            script.Frame(Car(1, 50, 500 + 3 * k), Car(2, 60, k < 40 ? 600 : 600 + 10 * (k - 40)));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void DwellRule_KeepsTheEpisode_ThroughFramesWhereTheTrackIsLost()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 60; k++)
        {
            script.Frame(Car(9, 50, 700, k is >= 20 and < 30 ? TrackState.Lost : TrackState.Tracked));
        }

        Assert.Equal(50, Assert.Single(script.Violations).Sequence);
    }
}

public sealed class SidewalkRuleTests
{
    [Fact]
    public void SidewalkRule_Flags_AMotorbikeRidingOnTheSidewalk_Once()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 50; k++)
        {
            script.Frame(Track(6, "motorcycle", 920, 990 - 10 * k, width: 40, height: 70));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.Sidewalk, 15L, "east sidewalk", "7.4.b"), (violation.Kind, violation.Sequence, violation.ZoneName, violation.Legal!.Code));
    }

    [Fact]
    public void SidewalkRule_IgnoresBriefTouchesOfTheEdge()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 100; k++)
        {
            // Rides beside the kerb (x = 850); its box pokes over it one frame in twenty.
            script.Frame(Track(6, "motorcycle", k % 20 == 0 ? 856 : 835, 990 - 5 * k, width: 40, height: 70));
        }

        Assert.Empty(script.Violations);
    }
}

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
        Assert.Equal((ViolationKind.SolidLineCrossing, 6L, "centre line", "6.2.a"), (violation.Kind, violation.Sequence, violation.ZoneName, violation.Legal!.Code));
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

public sealed class MotorbikeOverloadRuleTests
{
    private static TrackSnapshot Bike(long id, float x) => Track(id, "motorcycle", x, 700, width: 80, height: 100);

    private static TrackSnapshot Rider(long id, float x) => Track(id, "person", x, 690, width: 30, height: 140);

    [Fact]
    public void MotorbikeOverloadRule_Flags_ThreePeopleOnOneMotorbike_SustainedForASecond()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            script.Frame(Bike(1, 300), Rider(11, 280), Rider(12, 300), Rider(13, 320));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.MotorbikeOverloaded, 1L, 10L, "7.2.l"), (violation.Kind, violation.TrackId, violation.Sequence, violation.Legal!.Code));
        Assert.Equal([11L, 12, 13], violation.RelatedTrackIds);
        Assert.Equal(new Measurement("people_on_motorbike", 3, "people"), violation.Measurements[0]);
    }

    [Fact]
    public void MotorbikeOverloadRule_IgnoresTwoRiders_PeopleStandingBeside_AndAMomentaryOverlap()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            // Bike 1 carries two; a pedestrian walks past bike 2 and is over it for 5 frames only; two people stand beside bike 3.
            script.Frame(
                Bike(1, 200), Rider(11, 190), Rider(12, 210),
                Bike(2, 400), Rider(21, 390), Rider(22, 410), Rider(23, 340 + 20 * k),
                Bike(3, 700), Rider(31, 700), Track(32, "person", 640, 700, width: 30, height: 140), Track(33, "person", 760, 700, width: 30, height: 140));
        }

        Assert.Empty(script.Violations);
        Assert.False(MotorbikeOverloadRule.IsRiding(new BoundingBox(625, 560, 655, 700), new BoundingBox(660, 600, 740, 700)));
    }
}

public sealed class AnimalOnRoadRuleTests
{
    [Fact]
    public void AnimalOnRoadRule_Flags_ACowOnTheRoad_ForTwoSeconds()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "cow", 300 + 2 * k, 650, width: 120, height: 90));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.AnimalOnRoad, 20L, 20L, "road", "cow"), (violation.Kind, violation.TrackId, violation.Sequence, violation.ZoneName, violation.ObjectClass));
        Assert.Equal("12.1.d", violation.Legal!.Code);
    }

    [Fact]
    public void AnimalOnRoadRule_IgnoresAnAnimalOffTheRoad_AndADogCrossingQuickly()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "horse", 300, 250, width: 120, height: 90), Track(21, "dog", 100 + 80 * k, 650, width: 40, height: 30));
        }

        Assert.Empty(script.Violations);
    }
}

public sealed class RuleEngineTests
{
    [Fact]
    public void Engine_ForgetsEveryTrack_ThatTheTrackerDropped()
    {
        var script = new RuleScript();
        for (var k = 0; k < 20; k++)
        {
            script.Frame(Enumerable.Range(0, 100).Select(i => Car(1000 * k + i, 510 + 4 * i, 990 - 10 * k)).ToArray());
        }

        Assert.True(script.Engine.TrackedStateCount >= 100);
        script.Frame();
        Assert.Equal(0, script.Engine.TrackedStateCount);
    }

    [Fact]
    public void Engine_RunsOnlyTheRulesTheSceneEnables()
    {
        var json = Scenes.SceneLoaderTests.Junction.Replace("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"Enabled\": [\"WrongWay\"] },");
        var script = new RuleScript(json);
        script.Light(Vision.Pipeline.TrafficLights.TrafficLightState.Red);
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Car(7, 650, 700 - 20 * k), Car(4, 700, 400 + 10 * k));
        }

        Assert.Equal(["wrong-way"], script.Engine.Rules.Select(r => r.Name));
        Assert.Equal(ViolationKind.WrongWay, Assert.Single(script.Violations).Kind);
    }
}

public sealed class ReplayDeterminismTests
{
    [Fact]
    public void SameScript_Twice_GivesIdenticalViolations()
    {
        static string Run()
        {
            var script = new RuleScript().Light(Vision.Pipeline.TrafficLights.TrafficLightState.Red);
            for (var k = 0; k <= 60; k++)
            {
                script.Frame(Car(7, 650, 700 - 20 * k), Car(4, 700, 400 + 10 * k), Car(9, 50, 700), Track(20, "cow", 300, 650));
            }

            return System.Text.Json.JsonSerializer.Serialize(script.Violations);
        }

        var first = Run();

        Assert.Equal(first, Run());
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(first).RootElement.GetArrayLength());
    }
}
