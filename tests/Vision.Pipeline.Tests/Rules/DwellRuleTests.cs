using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

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
        Assert.Equal((ViolationKind.IllegalStopping, 50L, "bus stop", "junction-1:IllegalStopping:20261128T100000000Z-9:0:6168d576"),
            (violation.Kind, violation.Sequence, violation.ZoneName, violation.Id));
        Assert.Equal(new Measurement("stationary_duration", 5, "s"), violation.Measurements[0]);
        Assert.Equal("6.2.đ", violation.Legal!.Code);
    }

    [Fact]
    public void DwellRule_Flags_AVehicleStoppedInANoStoppingZoneListedAfterSixtyFourOthers()
    {
        // A street with many parking bays drawn: the rule watched the first 64 zones alone.
        var bays = string.Join("", Enumerable.Range(0, 70).Select(i => $$"""{ "Name": "bay {{i}}", "Kind": "Road", "Polygon": [[0.3, 0.1], [0.4, 0.1], [0.4, 0.2]] }, """));
        var script = new RuleScript(Scenes.SceneLoaderTests.Junction.Replace("\"Zones\": [", "\"Zones\": [" + bays, StringComparison.Ordinal));
        for (var k = 0; k <= 120; k++)
        {
            script.Frame(Car(9, 50, 700));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.IllegalStopping, "bus stop"), (violation.Kind, violation.ZoneName));
    }

    [Fact]
    public void DwellRule_CountsFromTheFrameTheVehicleStopped_NotFromWhenItsMoveOffWasLastConfirmed()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 80; k++)
        {
            // Drives down into the bus stop at 25 px a frame (more than the 20 px stationary radius) and stops at frame 8.
            script.Frame(Car(9, 50, 400 + 25 * Math.Min(k, 8)));
        }

        var violation = Assert.Single(script.Violations);
        // The id names the frame the episode started.
        Assert.Equal((58L, "junction-1:IllegalStopping:20261128T100000000Z-9:8:6168d576"), (violation.Sequence, violation.Id));
        Assert.Equal(new Measurement("stationary_duration", 5, "s"), violation.Measurements[0]);
    }

    [Fact]
    public void DwellRule_CountsOnlyTheTimeStoppedInsideTheZone()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 460; k++)
        {
            // Waits 40 s just above the bus stop (y < 500), then creeps 15 px (within the stationary radius) into it.
            script.Frame(Car(9, 50, k < 400 ? 490 : 505));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(450L, violation.Sequence);
        Assert.Equal(new Measurement("stationary_duration", 5, "s"), violation.Measurements[0]);
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
    public void DwellRule_ReportsOneStopOnce_WhenAPassingVehicleMakesItsBoxJump()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 150; k++)
        {
            // A motorbike passes in front at frames 70–74: the parked car's box bottom jumps up by 40 px, then comes back.
            script.Frame(Car(9, 50, k is >= 70 and < 75 ? 660 : 700));
        }

        Assert.Equal(50, Assert.Single(script.Violations).Sequence);
    }

    [Fact]
    public void DwellRule_ReportsOneStopOnce_WhenAVehicleStandingInFrontDisplacesItsBoxForLongerThanAMoveOff()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 200; k++)
        {
            // A motorbike stands in front at frames 70–84 (1.5 s, longer than the 1 s move-off confirmation): the parked
            // car's box bottom is 40 px higher, then comes back. The car never moved.
            script.Frame(Car(9, 50, k is >= 70 and < 85 ? 660 : 700));
        }

        Assert.Equal(50, Assert.Single(script.Violations).Sequence);
    }

    [Fact]
    public void DwellRule_ReportsAgain_AVehicleThatLeftTheZoneAndStoppedInItAgain()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 200; k++)
        {
            // Stopped in the bus stop (y ≥ 500) until frame 60, drives out above it for 3 s, comes back and stops again.
            script.Frame(Car(9, 50, k is >= 60 and < 90 ? 300 : 700));
        }

        // (The scripted jump out and back is also far too fast for the speed rule: only the stops are looked at.)
        Assert.Equal([50L, 140L], script.Violations.Where(violation => violation.Kind == ViolationKind.IllegalStopping).Select(violation => violation.Sequence));
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

    [Fact]
    public void DwellRule_KeepsTheStop_OfAVehicleTheTrackerLostBehindABus_AndFoundAgainUnderAnotherId()
    {
        // Hidden for 1.5 s (longer than the tracker keeps a lost track): it comes back as track 10, where it stood.
        var script = new RuleScript();
        for (var k = 0; k <= 120; k++)
        {
            script.Frame(k switch
            {
                < 40 => [Car(9, 50, 700)],
                < 55 => [],
                _ => [Car(10, 51, 702)],
            });
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((10L, 55L, "junction-1:IllegalStopping:20261128T100000000Z-10:0:6168d576"), (violation.TrackId, violation.Sequence, violation.Id));
        Assert.Equal(new Measurement("stationary_duration", 5.5, "s"), violation.Measurements[0]);
    }

    [Fact]
    public void DwellRule_ReportsAParkedVehicleOnce_ThoughTheTrackerLosesItBehindABusAfterward()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 200; k++)
        {
            script.Frame(k switch
            {
                < 80 => [Car(9, 50, 700)],
                < 95 => [],
                _ => [Car(10, 50, 700)],
            });
        }

        Assert.Equal(9L, Assert.Single(script.Violations).TrackId);
    }

    [Fact]
    public void DwellRule_ReportsAParkedVehicleOnce_ThoughTheTrackerRestartsAndNamesItAnewInTheNextFrame()
    {
        // A stalled feed or a camera clock set back restarts the tracker: the parked car is track 10 from one frame to the next.
        var script = new RuleScript();
        for (var k = 0; k <= 200; k++)
        {
            script.Frame(k < 80 ? Car(9, 50, 700) : Car(10, 50, 700));
        }

        Assert.Equal(9L, Assert.Single(script.Violations).TrackId);
    }

    [Theory]
    [InlineData("motorcycle", 30)] // a box a third of the car's
    [InlineData("truck", 80)] // a box the car's size
    public void DwellRule_StartsAfresh_ForAnotherVehicleStoppingWhereALostOneStood(string className, float width)
    {
        // Another vehicle stops where the car stood before it drove off unseen.
        var script = new RuleScript();
        for (var k = 0; k <= 120; k++)
        {
            script.Frame(k switch
            {
                < 40 => [Car(9, 50, 700)],
                < 55 => [],
                _ => [Track(10, className, 50, 700, width: width, height: 60)],
            });
        }

        Assert.Equal(105L, Assert.Single(script.Violations).Sequence);
    }
}
