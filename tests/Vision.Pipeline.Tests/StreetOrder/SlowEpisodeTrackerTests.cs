using Vision.Domain.Geometry;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>The episodes of a slow situation in one zone, on scripted frames (the tracker reads only their time and sequence).</summary>
public sealed class SlowEpisodeTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_camera_clock_set_back_an_hour_ends_the_running_episode_as_the_case_it_was_and_the_rest_is_a_new_one()
    {
        // A case needs ten minutes over the limit; the five after the step are too short for one.
        var tracker = new SlowEpisodeTracker(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        var sequence = 0L;
        var cases = new List<FinishedEpisode>();
        void Observe(DateTimeOffset at, bool over)
        {
            if (tracker.Observe(new EncodedFrame("hue-le-loi-1", ++sequence, at, new byte[1]), over ? 6 : 2, over, new BoundingBox(10, 10, 50, 50)) is { } finished)
            {
                cases.Add(finished);
            }
        }

        // Over the limit for 40 minutes, a frame every 10 s; then the clock is corrected twenty minutes before the start, the lot stays five
        // minutes more, and the zone clears. Measured across the step, the case lasted minus fifteen minutes and was dropped.
        for (var second = 0; second <= 40 * 60; second += 10)
        {
            Observe(Start.AddSeconds(second), over: true);
        }

        for (var second = 0; second <= 8 * 60; second += 10)
        {
            Observe(Start.AddMinutes(-20).AddSeconds(second), over: second <= 5 * 60);
        }

        var parkingLot = Assert.Single(cases);
        Assert.Equal((Start, Start.AddMinutes(40)), (parkingLot.First.CapturedAt, parkingLot.Last.CapturedAt));
        Assert.False(tracker.Active);
    }
}
