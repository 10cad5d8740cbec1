using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Support;

/// <summary>Replays a recorded clip losslessly through a real camera pipeline (the live code path) and returns every frame result.</summary>
public static class ClipReplay
{
    public static readonly DateTimeOffset ReplayStart = new(2026, 11, 28, 7, 30, 0, TimeSpan.FromHours(7));

    public static async Task<IReadOnlyList<FrameResult>> RunAsync(ObjectDetector detector, string clip, double framesPerSecond = 10)
    {
        var definition = new CameraDefinition
        {
            Id = "replay",
            Name = "replay of " + clip,
            ExpectedFramesPerSecond = framesPerSecond,
            Source = new CameraSourceOptions { Uri = TestAssets.Sample(clip), Pace = SourcePace.AsFastAsPossible },
        };
        var recorder = new RecordingConsumer();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics, [recorder]);
        var source = new VideoSource(definition.Source, camera, TestAssets.RepositoryRoot, new FakeTimeProvider(ReplayStart));

        var running = camera.RunAsync(CancellationToken.None);
        await source.RunAsync(CancellationToken.None);
        camera.CompleteIngest();
        await running;

        Assert.Equal(0, camera.Counters.Dropped);
        Assert.Equal(camera.Counters.Accepted, camera.Counters.Processed);
        return recorder.Results;
    }
}
