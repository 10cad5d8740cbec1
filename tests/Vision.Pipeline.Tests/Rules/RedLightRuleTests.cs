using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Tests.Scenes;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class RedLightRuleTests
{
    [Fact]
    public void RedLightRule_Flags_ACarCrossingWhileRed_OnceWithTheFullCandidate()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Car(7, 650, 700 - 20 * k));
        }

        // Left the behind side (y ≤ 510) at frame 10, clearly beyond (y < 490) at frame 11.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.RedLight, 7L, 11L, "car"), (violation.Kind, violation.TrackId, violation.Sequence, violation.ObjectClass));
        Assert.Equal("junction-1:RedLight:20261128T100000000Z-7:10:b1188b9c", violation.Id);
        Assert.Equal("north stop line", violation.ZoneName);
        Assert.Equal("Decree 168/2024/NĐ-CP 6.9.b", violation.Legal!.ToString());
        Assert.Equal(new Vision.Domain.Violations.FineRange(18_000_000, 20_000_000), violation.Legal.Fine);
        Assert.Equal([new KeyFrame(0, At(0), KeyFrameRole.Before), new KeyFrame(11, At(11), KeyFrameRole.At), new KeyFrame(21, At(21), KeyFrameRole.After)],
            violation.KeyFrames);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), violation.Path.Select(p => p.Sequence));
        Assert.Equal([new LightStateChange("north", TrafficLightState.Red, 0, At(0))], violation.LightTimeline);
        Assert.Equal(new Measurement("red_elapsed_when_crossing", 1.0, "s"), violation.Measurements[0]);
        Assert.Equal(new Measurement("distance_beyond_line", 20, "px"), violation.Measurements[2]);
        Assert.Equal(("junction-1", 3, script.Scene.Sha256, "red-light"),
            (violation.Provenance.SceneId, violation.Provenance.SceneVersion, violation.Provenance.SceneSha256, violation.Provenance.RuleName));
        Assert.Equal([RuleScript.Model], violation.Models);
    }

    /// <summary>
    /// 30 s of red, then the light read as <paramref name="light"/> from frame 300 on (the service believes a colour after
    /// three readings, dated from the first); a car arriving at speed is behind the line at frame 300 and clearly past
    /// it at 301.
    /// </summary>
    private static RuleScript CarArrivingAsTheLightIsRead(Func<long, TrafficLightState> light)
    {
        var script = new RuleScript(framesToConfirm: 3);
        for (var k = 0; k <= 320; k++)
        {
            script.Light(k < 300 ? TrafficLightState.Red : light(k));
            script.Frame(k < 290 ? [] : [Car(7, 650, 515 - 30 * (k - 300))]);
        }

        return script;
    }

    [Fact]
    public void RedLightRule_Fines_ACarThatLeftUnderARedReadButNotYetBelieved_OnASlowFeed()
    {
        // A snapshot gateway at one frame every two seconds; the service believes a colour after three readings, dated
        // from the first. Red is first read at frame 10 with the car behind the line (y = 560); at frame 11, two seconds
        // into the red, it is clearly past; the red is believed at frame 12. Judged as the light was believed at frame 11
        // (green, a red pending), the crossing was let go for good.
        var script = new RuleScript(framesToConfirm: 3, framesPerSecond: 0.5);
        for (var k = 0; k <= 14; k++)
        {
            script.Light(k < 10 ? TrafficLightState.Green : TrafficLightState.Red);
            script.Frame(k < 8 ? [] : [Car(7, 650, 800 - 120 * (k - 8))]);
        }

        // Raised once the red is believed, two seconds into it when the car was first seen past the line.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.RedLight, 12L), (violation.Kind, violation.Sequence));
        Assert.Equal(2.0, Assert.Single(violation.Measurements, m => m.Name == "red_elapsed_when_crossing").Value, 3);
    }

    [Fact]
    public void RedLightRule_DoesNotFine_ACarPastTheLineBeforeTheGreenItArrivedOnWasBelieved()
    {
        var script = CarArrivingAsTheLightIsRead(_ => TrafficLightState.Green);

        Assert.DoesNotContain(script.Violations, violation => violation.Kind == ViolationKind.RedLight);
    }

    [Fact]
    public void RedLightRule_Fines_ACarPastTheLine_WhenAGreenGlimpseWasNotBelieved()
    {
        // One frame misread green: the red goes on, and the car crossed under it.
        var script = CarArrivingAsTheLightIsRead(k => k == 300 ? TrafficLightState.Green : TrafficLightState.Red);

        Assert.Equal(301L, Assert.Single(script.Violations, violation => violation.Kind == ViolationKind.RedLight).Sequence);
    }

    [Theory]
    [InlineData(TrafficLightState.Green, null)]
    [InlineData(TrafficLightState.Red, 320L)]
    public void RedLightRule_JudgesACarPastTheLineWhileTheLightWasHidden_OnceTheLightIsReadAgain(TrafficLightState after, long? finedAt)
    {
        // A truck hides the light for two seconds (frames 300-319) as the car crosses: whether the light changed meanwhile
        // is known only when it is read again.
        var script = CarArrivingAsTheLightIsRead(k => k < 320 ? TrafficLightState.Unknown : after);

        Assert.Equal(finedAt, script.Violations.SingleOrDefault(violation => violation.Kind == ViolationKind.RedLight)?.Sequence);
    }

    [Fact]
    public void RedLightRule_UsesTheMotorbikeArticle_ForAMotorbike()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 20; k++)
        {
            script.Frame(Track(3, "motorcycle", 650, 700 - 20 * k));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(("7.7.c", 4_000_000L, 6_000_000L), (violation.Legal!.Code, violation.Legal.Fine.MinimumVnd, violation.Legal.Fine.MaximumVnd));
    }

    [Theory]
    [InlineData(TrafficLightState.Green)]
    [InlineData(TrafficLightState.Yellow)]
    [InlineData(TrafficLightState.Unknown)]
    public void RedLightRule_IgnoresCrossing_WhenTheLightIsNotRed(TrafficLightState light)
    {
        var script = new RuleScript().Light(light);
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Car(7, 650, 700 - 20 * k));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_ToleratesCrossing_WithinTheGracePeriodAfterTheChange()
    {
        var script = new RuleScript().Light(TrafficLightState.Yellow);
        for (var k = 0; k <= 30; k++)
        {
            // Red from frame 7: the car leaves its side at frame 10, 0.3 s into red (grace 0.5 s).
            script.Light(k >= 7 ? TrafficLightState.Red : TrafficLightState.Yellow).Frame(Car(7, 650, 700 - 20 * k));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Flags_JustAfterTheGracePeriod()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            // Red from frame 5: leaving at frame 10 is exactly 0.5 s into red.
            script.Light(k >= 5 ? TrafficLightState.Red : TrafficLightState.Yellow).Frame(Car(7, 650, 700 - 20 * k));
        }

        Assert.Equal(11, Assert.Single(script.Violations).Sequence);
    }

    [Fact]
    public void RedLightRule_JudgesAVehicleLostWhileItCrossed_AtTheEarliestMomentItMayHaveLeft()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            // Behind the line under amber (y 600 → 550 at frames 0–5); red from frame 6; the tracker loses the car behind
            // a bus for frames 6–11 and finds it past the line at frame 12 (0.6 s into red). At its 10 px a frame it
            // reached the line 0.4 s into red: within the 0.5 s grace.
            script.Light(k >= 6 ? TrafficLightState.Red : TrafficLightState.Yellow)
                .Frame(Car(7, 650, k < 6 ? 600 - 10 * k : k < 12 ? 550 : 480 - 10 * (k - 12), k is >= 6 and < 12 ? TrackState.Lost : TrackState.Tracked));
        }

        Assert.Empty(script.Violations);
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(0, 6L)]
    public void RedLightRule_JudgesAVehicleCrossingDuringAStallBetweenTwoConsecutiveFrames_AtTheEarliestMomentItMayHaveLeft(int redFromFrame, long? finedAt)
    {
        // Behind the line at frame 5 (t 0.5 s), then 0.8 s without frames (the sequence numbers go on: a network stall, a
        // slow gateway) and clearly past at frame 6. Red from frame 5 it may have left at once, within the 0.5 s grace:
        // judged at the time of frame 6 it was fined 0.9 s into red. Red from frame 0 it was past the grace already.
        var script = new RuleScript();
        for (var k = 0; k <= 12; k++)
        {
            script.Light(k >= redFromFrame ? TrafficLightState.Red : TrafficLightState.Yellow);
            if (k == 6)
            {
                script.Stall(TimeSpan.FromSeconds(0.8));
            }

            script.Frame(Car(7, 650, k <= 5 ? 600 - 10 * k : 480 - 10 * (k - 6)));
        }

        Assert.Equal(finedAt, script.Violations.SingleOrDefault()?.Sequence);
    }

    [Fact]
    public void RedLightRule_Flags_AVehicleLostWhileItCrossed_WhenTheRedWasLongPastTheGraceWhenItWasLastBehind()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 30; k++)
        {
            // Red throughout; last seen behind at frame 15 (y 550), lost for frames 16–21, found past the line at 22.
            script.Frame(Car(7, 650, k <= 15 ? 700 - 10 * k : k < 22 ? 550 : 480 - 10 * (k - 22), k is > 15 and < 22 ? TrackState.Lost : TrackState.Tracked));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(22, violation.Sequence);
        Assert.Equal(new Measurement("red_elapsed_when_crossing", 1.5, "s"), violation.Measurements[0]);
    }

    [Fact]
    public void RedLightRule_Flags_ATallVehicleWhoseBoxTopLagsAsItCreepsOverTheLine_OnceItClearlyMoves()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        // A bus waits behind the line for 2 s of red, then its box bottom creeps 560 → 489 while its top (y 400, far in
        // the image) barely moves in these frames…
        foreach (var bottom in Enumerable.Repeat(560, 20).Concat([540, 515, 505, 495, 489]))
        {
            script.Frame(Track(7, "bus", 650, bottom, height: bottom - 400));
        }

        // …then the whole bus drives into the junction on red.
        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Track(7, "bus", 650, 489 - 20 * k, height: 160));
        }

        // (A bus in the northbound lane is also a lane violation: only the red light is looked at.)
        Assert.Equal([ViolationKind.RedLight], script.Violations.Where(v => v.Kind != ViolationKind.LaneNotAllowed).Select(v => v.Kind));
    }

    [Fact]
    public void RedLightRule_TakesTheRedOfTheHeadThatShowsItLongest_NotOneReadLate()
    {
        var twoHeads = SceneLoaderTests.Junction
            .Replace("""{ "Id": "north", "TopLeft": [0.45, 0.02], "BottomRight": [0.5, 0.17] }""",
                """{ "Id": "north", "TopLeft": [0.45, 0.02], "BottomRight": [0.5, 0.17] }, { "Id": "north-2", "TopLeft": [0.55, 0.02], "BottomRight": [0.6, 0.17] }""")
            .Replace("\"Lights\": [\"north\"]", "\"Lights\": [\"north\", \"north-2\"]");
        var script = new RuleScript(twoHeads);
        for (var k = 0; k <= 30; k++)
        {
            // Head "north-2" turned red at frame 0; "north" (listed first) was read red only from frame 8, behind a bus.
            script.Light("north-2", TrafficLightState.Red).Light("north", k >= 8 ? TrafficLightState.Red : TrafficLightState.Yellow)
                .Frame(Car(7, 650, 700 - 20 * k));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(new Measurement("red_elapsed_when_crossing", 1.0, "s"), violation.Measurements[0]);
    }

    [Fact]
    public void RedLightRule_Fines_ACarPastTheLine_UnderTheRedOneHeadShowsPlainly_WhileABusHidesTheOther()
    {
        var twoHeads = SceneLoaderTests.Junction
            .Replace("""{ "Id": "north", "TopLeft": [0.45, 0.02], "BottomRight": [0.5, 0.17] }""",
                """{ "Id": "north", "TopLeft": [0.45, 0.02], "BottomRight": [0.5, 0.17] }, { "Id": "north-2", "TopLeft": [0.55, 0.02], "BottomRight": [0.6, 0.17] }""")
            .Replace("\"Lights\": [\"north\"]", "\"Lights\": [\"north\", \"north-2\"]");
        var script = new RuleScript(twoHeads, framesToConfirm: 3);
        for (var k = 0; k <= 310; k++)
        {
            // Both heads red for 30 s; from frame 300 a bus hides "north". The car is clearly past at 301 and out of
            // view after 305.
            script.Light("north-2", TrafficLightState.Red).Light("north", k < 300 ? TrafficLightState.Red : TrafficLightState.Unknown)
                .Frame(k is < 290 or > 305 ? [] : [Car(7, 650, 515 - 30 * (k - 300))]);
        }

        Assert.Equal(301L, Assert.Single(script.Violations, violation => violation.Kind == ViolationKind.RedLight).Sequence);
    }

    [Fact]
    public void RedLightRule_IgnoresAVehicle_ThatStopsBeforeTheLine()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 100; k++)
        {
            script.Frame(Car(7, 650, Math.Max(515, 700 - 20 * k)));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_IgnoresJitter_OnTheLine()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        script.Frame(Car(7, 650, 560));
        for (var k = 0; k <= 60; k++)
        {
            // Stopped with its anchor on the line; the box jitters ±8 px (inside the ±10 px band) and even back behind it.
            script.Frame(Car(7, 650, k % 7 == 0 ? 512 : 500 + (k % 2 == 0 ? 8 : -8)));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Flags_ASlowCreepOverTheLine_Once()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 60; k++)
        {
            script.Frame(Car(7, 650, 530 - 2 * k));
        }

        // Left its side at y = 510 (frame 10), clearly beyond at y = 488 (frame 21).
        var violation = Assert.Single(script.Violations);
        Assert.Equal((21L, "junction-1:RedLight:20261128T100000000Z-7:10:b1188b9c"), (violation.Sequence, violation.Id));
    }

    [Fact]
    public void RedLightRule_Ignores_AWaitingCarWhoseBoxBottomJumps_WhileAMotorbikePassesInFront()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 40; k++)
        {
            // Waits behind the line (bottom at y = 530, top at 470); at frames 20–24 a passing motorbike hides the car's
            // lower part and the detector's box shrinks to the visible upper part: bottom at 480, top unchanged.
            var hidden = k is >= 20 and < 25;
            script.Frame(Track(7, "car", 650, hidden ? 480 : 530, height: hidden ? 10 : 60));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Ignores_ACarPastTheLineOnGreen_WhoseBoxBottomJumpsBackWhileTheLightIsRed()
    {
        // Crossed on green and waits 20 px past the line (bottom at y = 480, top at 420) to turn; the light turns red at
        // frame 20; at frames 30-32 a motorbike passing behind it is boxed with it (bottom at 530, top unchanged); from
        // frame 41 it drives on into the junction.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 60; k++)
        {
            script.Light(k < 20 ? TrafficLightState.Green : TrafficLightState.Red);
            var y = k < 10 ? 600 - 12 * k : k <= 40 ? 480 : 480 - 20 * (k - 40);
            var merged = k is >= 30 and <= 32;
            script.Frame(Track(7, "car", 650, merged ? 530 : y, height: merged ? 110 : 60));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Clears_AVehicleThatStoppedOnTheLineAtRed_AndWentOnGreen()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k)); // enters the band (y = 510) at frame 9, during the red
        }

        for (var k = 0; k < 30; k++)
        {
            script.Frame(Car(7, 650, 500)); // waits on the line through the red
        }

        script.Light(TrafficLightState.Green);
        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 500 - 10 * k)); // goes on green
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Clears_AVehicleThatWasOnTheLineWhenTheLightChanged()
    {
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k)); // reaches the band (y = 510) at frame 9
        }

        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 20; k++)
        {
            script.Frame(Car(7, 650, 500)); // waits on the line while it turns red
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 500 - 10 * k)); // then clears the junction
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Clears_AVehicleWaitingOnTheLine_WhoseBoxBottomJumpsBackWhileTheLightIsRed()
    {
        // Reached the line on green and waits on it (bottom at y = 500, in the band); under the red a motorbike passing
        // behind it is boxed with it for three frames (bottom at 530, top unchanged); then it clears the junction.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k));
        }

        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 20; k++)
        {
            var merged = k is >= 10 and < 13;
            script.Frame(Track(7, "car", 650, merged ? 530 : 500, height: merged ? 90 : 60));
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 500 - 10 * k));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Clears_AVehicleCreepingOntoTheLineOnGreen_WhoseBoxBottomJumpsBackWhileTheLightIsRed()
    {
        // Creeps up at 4 px a frame and stops 3 px into the band (bottom at 507; its top moved 4 px since it was last
        // behind, less than the band); under the red a motorbike passing behind is boxed with it for three frames.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 547 - 4 * k));
        }

        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 20; k++)
        {
            var merged = k is >= 10 and < 13;
            script.Frame(Track(7, "car", 650, merged ? 530 : 507, height: merged ? 83 : 60));
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 507 - 10 * k));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Clears_AVehicleWaitingOnTheLine_WhoseWholeBoxWobblesOutOfTheBandForAFrameUnderTheRed()
    {
        // Reached the line on green and waits 2 px inside the band (bottom at 508); under the red its box jitters to 511,
        // top and all, for one frame; then it clears the junction.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 608 - 10 * k));
        }

        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 20; k++)
        {
            script.Frame(Car(7, 650, k == 10 ? 511 : 508));
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 508 - 10 * k));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void RedLightRule_Flags_AVehicleWhoseWholeBoxWobbledOntoTheLineOnGreen_AndThatCrossedUnderTheRed()
    {
        // Waits behind the line (bottom at 512); on green the detector's box wobbles 4 px onto the band for one frame and
        // back, top and all; it crosses under the red. Taken for an arrival on the line, the wobble let it go.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 612 - 10 * k));
        }

        script.Frame(Car(7, 650, 508));
        script.Frame(Car(7, 650, 512));
        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 30; k++)
        {
            script.Frame(Car(7, 650, 512));
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 512 - 10 * k));
        }

        Assert.Equal(ViolationKind.RedLight, Assert.Single(script.Violations).Kind);
    }

    [Fact]
    public void RedLightRule_Flags_AVehicleWhoseBoxBottomAloneReachedTheLineOnGreen_AndThatCrossedUnderTheRed()
    {
        // Waits behind the line (bottom at y = 530); on green a cyclist passing in front hides its lower part for three
        // frames (bottom at 505, in the band; top unchanged); it never moved, and it crosses under the red.
        var script = new RuleScript().Light(TrafficLightState.Green);
        for (var k = 0; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 630 - 10 * k));
        }

        for (var k = 0; k < 3; k++)
        {
            script.Frame(Track(7, "car", 650, 505, height: 35));
        }

        script.Frame(Car(7, 650, 530));
        script.Light(TrafficLightState.Red);
        for (var k = 0; k < 30; k++)
        {
            script.Frame(Car(7, 650, 530));
        }

        for (var k = 1; k <= 10; k++)
        {
            script.Frame(Car(7, 650, 530 - 10 * k));
        }

        Assert.Equal(ViolationKind.RedLight, Assert.Single(script.Violations).Kind);
    }

    [Fact]
    public void RedLightRule_Flags_ATrackLostBehindAndFoundBeyondTheLine()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k < 6; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k));
        }

        for (var k = 6; k < 10; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k, TrackState.Lost)); // occluded: predictions do not count
        }

        script.Frame(Car(7, 650, 480)); // found again past the line

        var violation = Assert.Single(script.Violations);
        Assert.Equal((10L, "junction-1:RedLight:20261128T100000000Z-7:10:b1188b9c"), (violation.Sequence, violation.Id));
    }

    [Fact]
    public void RedLightRule_IgnoresATrackFirstSeenBeyondTheLine_AndForgetsDroppedTracks()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k < 5; k++)
        {
            script.Frame(Car(7, 650, 600 - 10 * k));
        }

        script.Frame(); // the tracker dropped track 7
        Assert.Equal(0, script.Engine.TrackedStateCount);
        for (var k = 0; k < 10; k++)
        {
            script.Frame(Car(8, 650, 480 - 10 * k)); // the same car under a new id, first seen past the line
        }

        Assert.Empty(script.Violations);
    }
}
