using Vision.Benchmarks;

namespace Vision.Pipeline.Tests.City;

/// <summary>The city harness (<c>benchmarks -- city N</c>) at a size CI can afford: two 1080p cameras for three seconds.</summary>
public sealed class CitySmokeTests
{
    [Fact]
    public async Task TwoCamerasOfTheCity_RunThroughTheLiveIngestAndTheBatchingDetector_AndEveryFrameIsAccountedFor()
    {
        var output = new StringWriter();

        var report = await CityHarness.RunAsync(
            new CitySettings(2) { Duration = TimeSpan.FromSeconds(3), MaxBatch = 2, DistinctFrames = 10, MeasureBareDetector = false }, output);

        Assert.Equal(report.Sent, report.Accepted);
        Assert.Equal(report.Accepted, report.Processed + report.Dropped + report.Failed);
        Assert.Equal(0, report.Failed);
        Assert.True(report.Processed > 0);
        // Every processed frame went through the batching detector, once.
        Assert.Equal(report.Processed, report.Batches!.Value.Frames);
        Assert.Contains("| 2 |", output.ToString());
    }
}
