using Vision.Domain.TrafficLights;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Tests.TrafficLights;

public sealed class TrafficLightSmootherTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 7, 30, 0, TimeSpan.FromHours(7));

    private static DateTimeOffset At(long sequence) => Start + TimeSpan.FromMilliseconds(100 * sequence);

    private static TrafficLightSmoother Feed(params TrafficLightState[] readings)
    {
        var smoother = new TrafficLightSmoother("north", framesToConfirm: 3, framesToUnknown: 5);
        for (var i = 0; i < readings.Length; i++)
        {
            smoother.Observe(readings[i], i, At(i));
        }

        return smoother;
    }

    private const TrafficLightState G = TrafficLightState.Green;
    private const TrafficLightState Y = TrafficLightState.Yellow;
    private const TrafficLightState R = TrafficLightState.Red;
    private const TrafficLightState U = TrafficLightState.Unknown;

    [Fact]
    public void NewColour_IsBelievedAfterThreeFrames_AndDatedFromTheFirst()
    {
        var smoother = Feed(G, G, G, Y, Y, Y, R, R, R, R);

        Assert.Equal(R, smoother.State);
        Assert.Equal(At(6), smoother.Since);
        Assert.Equal([new LightStateChange("north", G, 0, At(0)), new LightStateChange("north", Y, 3, At(3)), new LightStateChange("north", R, 6, At(6))],
            smoother.Timeline);
    }

    [Fact]
    public void OneOrTwoFrameFlicker_DoesNotChangeTheState()
    {
        var smoother = Feed(R, R, R, G, R, G, G, R, R);

        Assert.Equal(R, smoother.State);
        Assert.Single(smoother.Timeline);
    }

    [Fact]
    public void UnreadableFrames_KeepTheState_UntilTheyLastTooLong()
    {
        var brief = Feed(R, R, R, U, U, U, U, R);
        var long_ = Feed(R, R, R, U, U, U, U, U);

        Assert.Equal(R, brief.State);
        Assert.Equal(U, long_.State);
        Assert.Equal(new LightStateChange("north", U, 3, At(3)), long_.Timeline.Last());
    }

    [Fact]
    public void AColourReadAgainAfterABriefUnknownStretch_KeepsItsStart_ForTheLightWasHiddenNotChanged()
    {
        // Red from frame 0; a truck hides the light for 3 s (frames 10–39), then it reads red again.
        var hidden = Feed([.. Enumerable.Repeat(R, 10), .. Enumerable.Repeat(U, 30), .. Enumerable.Repeat(R, 5)]);
        // Hidden for 15 s: a whole cycle may have passed, so the red is dated from when it was seen again.
        var longGone = Feed([.. Enumerable.Repeat(R, 10), .. Enumerable.Repeat(U, 150), .. Enumerable.Repeat(R, 5)]);
        // Green after the stretch is a change, dated from its own first reading.
        var changed = Feed([.. Enumerable.Repeat(R, 10), .. Enumerable.Repeat(U, 30), .. Enumerable.Repeat(G, 5)]);

        Assert.Equal((R, At(0)), (hidden.State, hidden.Since));
        Assert.Equal(new LightStateChange("north", R, 40, At(40)), hidden.Timeline.Last());
        Assert.Equal((R, At(160)), (longGone.State, longGone.Since));
        Assert.Equal((G, At(40)), (changed.State, changed.Since));
    }

    [Fact]
    public void ARedGlimpsedOnceLongBefore_DoesNotDateTheRedConfirmedLater()
    {
        // Red, then a bus hides the light (unknown from frame 10); one frame reads red through a gap at frame 40; the bus
        // stays a minute while the light cycles; red is read again from frame 641. The red was dated from frame 0 (the
        // glimpse started the run, and resumed the red held before the bus): a driver 0.2 s into the new red was fined as
        // if it had been red for a minute.
        var smoother = Feed([.. Enumerable.Repeat(R, 10), .. Enumerable.Repeat(U, 30), R, .. Enumerable.Repeat(U, 600), R, R, R]);

        Assert.Equal((R, At(641)), (smoother.State, smoother.Since));
    }

    [Fact]
    public void AFeedOfOneFrameEveryTwoSeconds_StillConfirmsAColour()
    {
        // A gateway sending 0.5 fps: a 1 s bound between readings restarted every run, and no light was ever confirmed.
        var smoother = new TrafficLightSmoother("north", framesToConfirm: 3, framesToUnknown: 5);
        for (var i = 0; i < 4; i++)
        {
            smoother.Observe(R, i, Start.AddSeconds(2 * i));
        }

        Assert.Equal((R, Start), (smoother.State, smoother.Since));
    }

    [Fact]
    public void ASnapshotGatewaysIrregularIntervals_StillConfirmAColour()
    {
        // 0.8 s and 2.5 s in turn: a gap allowed from the shorter of the last two intervals (2 s) broke every run at 2.5 s.
        var smoother = new TrafficLightSmoother("north", framesToConfirm: 3, framesToUnknown: 5);
        var at = Start;
        for (var i = 0; i < 6; i++)
        {
            smoother.Observe(R, i, at);
            at += TimeSpan.FromSeconds(i % 2 == 0 ? 0.8 : 2.5);
        }

        Assert.Equal((R, Start), (smoother.State, smoother.Since));
    }

    [Fact]
    public void ARedReadOnceBeforeAStallOfSixSeconds_DoesNotDateTheRedConfirmedAfterIt()
    {
        // Green at 10 fps; one red reading (a tail light before the housing) at frame 10, no frames for six seconds, then
        // red twice. The gap allowed between readings was taken from the interval holding the stall itself (2.5 × 6 s):
        // the red was dated from before the stall, six seconds too early for every driver judged against it.
        var smoother = Feed(G, G, G, G, G, G, G, G, G, G, R);
        var back = At(10).AddSeconds(6);

        smoother.Observe(R, 11, back);
        smoother.Observe(R, 12, back.AddMilliseconds(100));
        smoother.Observe(R, 13, back.AddMilliseconds(200));

        Assert.Equal((R, back), (smoother.State, smoother.Since));
    }

    [Fact]
    public void AfterTheCameraWasAwayLongerThanALightStaysHidden_TheRedSeenAgainIsDatedFromThen()
    {
        // Red from frame 0; the camera's feed drops for five minutes and comes back during another red.
        var smoother = Feed([.. Enumerable.Repeat(R, 10)]);
        var back = At(9) + TimeSpan.FromMinutes(5);

        Assert.True(smoother.Observe(R, 10, back));
        Assert.Equal(U, smoother.State);
        smoother.Observe(R, 11, back.AddMilliseconds(100));
        smoother.Observe(R, 12, back.AddMilliseconds(200));

        Assert.Equal((R, back), (smoother.State, smoother.Since));
        Assert.Contains(new LightStateChange("north", U, 10, At(9)), smoother.Timeline);
    }

    [Fact]
    public void FlickeringLedReadings_StillConfirmTheNewColour_DatedFromItsFirstReading()
    {
        var smoother = Feed(R, R, R, G, U, G, U, U, G, U);

        Assert.Equal(G, smoother.State);
        Assert.Equal(new LightStateChange("north", G, 3, At(3)), smoother.Timeline.Last());
    }

    [Fact]
    public void Timeline_KeepsOnlyTheLatestChanges()
    {
        var smoother = new TrafficLightSmoother("north", framesToConfirm: 1, timelineLength: 4);
        for (var i = 0; i < 20; i++)
        {
            smoother.Observe(i % 2 == 0 ? R : G, i, At(i));
        }

        Assert.Equal([16L, 17, 18, 19], smoother.Timeline.Select(c => c.Sequence));
    }
}
