using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>A camera fed by Vision itself from a stream URL: what happens when the stream ends, and on reopening it.</summary>
[Collection(DetectorCollection.Name)]
public sealed class VideoSourceTests(DetectorFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vision-stream-").FullName;
    private readonly PipelineMetrics _metrics = new();

    [Fact]
    public async Task AStreamThatEnds_FailsSoTheSupervisorReopensIt_AndTheReopenedStreamGoesOnNumberingItsFrames()
    {
        // A stream read through a URL (file:// stands in for rtsp://: both are streams to the source): five frames, then the end.
        var clip = WriteClip(Path.Combine(_folder, "five.avi"), frames: 5);
        var options = new CameraSourceOptions { Uri = new Uri(clip).AbsoluteUri, Pace = SourcePace.AsFastAsPossible };
        var definition = new CameraDefinition { Id = "stream", Name = "stream", ExpectedFramesPerSecond = 10, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

        var ended = await Assert.ThrowsAsync<IOException>(() => new VideoSource(options, camera, _folder, time).RunAsync(CancellationToken.None));
        var reopened = new VideoSource(options, camera, _folder, time);
        Assert.Equal(5, reopened.NextSequence);
        await Assert.ThrowsAsync<IOException>(() => reopened.RunAsync(CancellationToken.None));
        camera.CompleteIngest();
        await running;

        Assert.Contains("ended", ended.Message, StringComparison.Ordinal);
        Assert.Equal((10, 0, 9L), (camera.Counters.Accepted, camera.Counters.Rejected, camera.LastAcceptedSequence));
    }

    [Theory]
    [InlineData("rtsp://admin:Hue-2026@10.0.5.21:554/stream1", "rtsp://***@10.0.5.21:554/stream1")]
    [InlineData("rtsp://10.0.5.21/stream1", "rtsp://10.0.5.21/stream1")]
    [InlineData("videos/junction.mp4", "videos/junction.mp4")]
    public void ASourcesAddress_IsShownInErrorsWithoutItsPassword(string uri, string shown) =>
        Assert.Equal(shown, SourceUri.Redacted(uri));

    private static string WriteClip(string path, int frames)
    {
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        using var small = photo.Resize(new Size(320, 180));
        using (var writer = new VideoWriter(path, FourCC.MJPG, 10, small.Size()))
        {
            for (var k = 0; k < frames; k++)
            {
                writer.Write(small);
            }
        }

        return path;
    }

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
