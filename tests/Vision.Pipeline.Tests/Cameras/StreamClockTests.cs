using Vision.Pipeline.Cameras;

namespace Vision.Pipeline.Tests.Cameras;

/// <summary>A live stream's timestamps on the service clock: spacing kept through bursts, never after arrival, tied again on a restart.</summary>
public sealed class StreamClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ABurstAfterAStall_KeepsTheCamerasSpacing_FromTheLeastDelaySeen()
    {
        var clock = new StreamClock(TimeSpan.FromSeconds(10));

        // Live, each frame 50 ms after its capture; then frames 0.6–1.0 s arrive together at 3.0 s.
        var live = new[] { 0.0, 0.2, 0.4 }.Select(pts => clock.CapturedAt(pts, Start.AddSeconds(pts + 0.05))).ToList();
        var burst = new[] { 0.6, 0.8, 1.0 }.Select(pts => clock.CapturedAt(pts, Start.AddSeconds(3))).ToList();

        Assert.Equal([0.05, 0.25, 0.45, 0.65, 0.85, 1.05], live.Concat(burst).Select(at => Math.Round((at - Start).TotalSeconds, 3)));
    }

    [Fact]
    public void AFrameIsNeverCapturedAfterItArrived()
    {
        var clock = new StreamClock(TimeSpan.FromSeconds(10));
        clock.CapturedAt(0, Start.AddSeconds(1)); // the first frame came late

        var prompt = clock.CapturedAt(0.2, Start.AddSeconds(0.3));

        Assert.Equal(Start.AddSeconds(0.3), prompt);
    }

    [Fact]
    public void TimestampsGoingBack_OrFallingTooFarBehind_AreTiedAgainToArrival()
    {
        var clock = new StreamClock(TimeSpan.FromSeconds(10));
        clock.CapturedAt(100, Start);

        // The camera restarted its stream: timestamps from zero again.
        Assert.Equal(Start.AddSeconds(5), clock.CapturedAt(0, Start.AddSeconds(5)));
        // Its clock ran slow: 30 s of arrival for 1 s of timestamps.
        Assert.Equal(Start.AddSeconds(35), clock.CapturedAt(1, Start.AddSeconds(35)));
    }
}
