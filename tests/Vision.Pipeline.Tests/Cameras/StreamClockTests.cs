using Vision.Pipeline.Cameras;

namespace Vision.Pipeline.Tests.Cameras;

/// <summary>A live stream's timestamps on the service clock: trusted once they keep pace, spacing kept through bursts, never after arrival.</summary>
public sealed class StreamClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ABurstAfterAStall_KeepsTheCamerasSpacing_FromTheLeastDelaySeen()
    {
        var clock = Live(out var next);

        // Live, each frame 50 ms after its capture; then the three frames captured over the next 0.6 s arrive at once, 3 s later.
        var live = new[] { next, next + 0.2, next + 0.4 }.Select(pts => clock.CapturedAt(pts, Start.AddSeconds(pts + 0.05))).ToList();
        var burst = new[] { next + 0.6, next + 0.8, next + 1.0 }.Select(pts => clock.CapturedAt(pts, Start.AddSeconds(next + 3))).ToList();

        var expected = new[] { 0.05, 0.25, 0.45, 0.65, 0.85, 1.05 }.Select(offset => Math.Round(next + offset, 3));
        Assert.Equal(expected, live.Concat(burst).Select(at => Math.Round((at - Start).TotalSeconds, 3)));
    }

    [Fact]
    public void ABurstAfterAStall_KeepsTheCamerasSpacing_ThoughItsFirstFrameClosesTheRateWindow()
    {
        var clock = Live(out var next);

        // Live to 6.6 s, then a 4.4 s stall: the burst's first frame ends the 5 s rate window, over which the timestamps
        // advanced a third as far as arrival time. Judged on it, the burst was taken for made-up timestamps and its frames
        // fell on one instant.
        foreach (var pts in new[] { next, next + 0.2, next + 0.4 })
        {
            clock.CapturedAt(pts, Start.AddSeconds(pts + 0.05));
        }

        var burst = new[] { next + 0.6, next + 0.8, next + 1.0 }.Select(pts => clock.CapturedAt(pts, Start.AddSeconds(11))).ToList();

        Assert.Equal([6.85, 7.05, 7.25], burst.Select(at => Math.Round((at - Start).TotalSeconds, 3)));
    }

    [Fact]
    public void ABurstAfterAPauseShorterThanAStall_ThatClosesTheRateWindow_KeepsTheCamerasSpacing()
    {
        var clock = Live(out var next);

        // Live to 9.9 s, then nothing for 1.6 s (under StallGap): the first late frame closes the window, over which the
        // timestamps advanced 0.78 times as far as arrival. Judged on it, they were taken for made-up ones.
        for (var pts = next; pts < 9.9; pts += 0.2)
        {
            clock.CapturedAt(pts, Start.AddSeconds(pts + 0.1));
        }

        var burst = Enumerable.Range(0, 8).Select(i => clock.CapturedAt(10.0 + (0.2 * i), Start.AddSeconds(11.5))).ToList();

        Assert.Equal(Enumerable.Range(0, 8).Select(i => Math.Round(10.1 + (0.2 * i), 3)), burst.Select(at => Math.Round((at - Start).TotalSeconds, 3)));
    }

    [Fact]
    public void MadeUpTimestampsThatDoNotKeepPace_AreNotTrusted_AndFramesCarryTheirArrival()
    {
        // A 5 fps multipart MJPEG camera, to which ffmpeg gives 25 fps timestamps: 0.04 s apart for frames 0.2 s apart.
        var clock = new StreamClock(TimeSpan.FromSeconds(10));
        var stamped = Enumerable.Range(0, 60).Select(i => clock.CapturedAt(0.04 * i, Start.AddSeconds(0.2 * i))).ToList();

        Assert.All(Enumerable.Range(0, 60), i => Assert.Equal(Start.AddSeconds(0.2 * i), stamped[i]));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(20)]
    public void MadeUpTimestampsOfACameraNearlyAsFastAsThem_AreNotTrusted(int framesPerSecond)
    {
        // A 15 fps multipart MJPEG camera given 25 fps timestamps advances them 0.6 s a second: that was trusted, frames
        // 0.067 s apart were stamped 0.04 s apart, and every speed read 1.67 times too high (40 km/h as 67).
        var clock = new StreamClock(TimeSpan.FromSeconds(10));
        var frames = 60 * framesPerSecond;
        var stamped = Enumerable.Range(0, frames).Select(i => clock.CapturedAt(0.04 * i, Start.AddSeconds((double)i / framesPerSecond))).ToList();

        Assert.All(Enumerable.Range(0, frames), i => Assert.Equal(Start.AddSeconds((double)i / framesPerSecond), stamped[i]));
    }

    [Fact]
    public void TimestampsGoingBack_AreTrustedAgainOnlyOnceTheyKeepPace()
    {
        var clock = Live(out var next);

        // The camera restarted its stream: timestamps from zero again, carried by arrival until they prove themselves.
        Assert.Equal(Start.AddSeconds(next + 1), clock.CapturedAt(0, Start.AddSeconds(next + 1)));
    }

    [Fact]
    public void AFrameIsNeverCapturedAfterItArrived()
    {
        var clock = Live(out var next);

        var prompt = clock.CapturedAt(next + 0.2, Start.AddSeconds(next + 0.2 + 0.01));

        Assert.Equal(Start.AddSeconds(next + 0.21), prompt);
    }

    /// <summary>A clock fed 6 s of a 5 fps stream, each frame arriving 0.1 s after its capture: its timestamps trusted.</summary>
    private static StreamClock Live(out double nextPts)
    {
        var clock = new StreamClock(TimeSpan.FromSeconds(10));
        for (var i = 0; i <= 30; i++)
        {
            clock.CapturedAt(0.2 * i, Start.AddSeconds((0.2 * i) + 0.1));
        }

        nextPts = 6.2;
        return clock;
    }
}
