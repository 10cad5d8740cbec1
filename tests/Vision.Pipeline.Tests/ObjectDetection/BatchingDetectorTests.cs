using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class BatchingDetectorTests
{
    private static readonly DetectorOptions StreamOptions = new()
    {
        Name = "yolox-nano-coco-640", ModelPath = "yolox_nano_coco_batch_dynamic.onnx", InputSize = 640, ConfidenceThreshold = 0.1f,
    };

    [Fact]
    public async Task ADetectorConfiguredWithTiles_AsksOnlyForTheWholeFramesPixels_WhenBatched()
    {
        // Batches carry whole frames: a 1920-wide frame decoded for tiles (at least 1280 px) would be shrunk again to 640.
        using var detector = new ObjectDetector(new DetectorOptions
        {
            ModelPath = "yolox_nano_coco_batch_dynamic.onnx", InputSize = 640, Tiles = new TileOptions(),
        }, TestAssets.ModelDirectory);
        await using var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = 4, MaxWait = TimeSpan.FromSeconds(1) });

        Assert.Equal((640, 360), batching.PixelsNeeded(1920, 1080));
        Assert.True(detector.PixelsNeeded(1920, 1080).Width >= 1280);
    }

    [Fact]
    public async Task FramesRunTogetherInOneBatch_FindExactlyWhatEachFindsAlone()
    {
        using var detector = new ObjectDetector(StreamOptions, TestAssets.ModelDirectory);
        await using var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = 4, MaxWait = TimeSpan.FromSeconds(1) });
        var frames = ClipFrames(4, step: 15);

        // Four callers at once, as four cameras: the batch fills and runs as one inference.
        var batched = await Task.WhenAll(frames.Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));

        Assert.Equal(new BatchStatistics(1, 4, 4), batching.Statistics);
        for (var i = 0; i < frames.Count; i++)
        {
            var alone = detector.Detect(frames[i]);
            Assert.NotEmpty(alone.Detections);
            Assert.Equal(alone.Detections, batched[i].Detections);
            Assert.Equal(alone.Model, batched[i].Model);
        }

        frames.ForEach(frame => frame.Dispose());
    }

    [Fact]
    public async Task AFrameOfAnotherSize_RunsInABatchOfItsOwn()
    {
        using var detector = new ObjectDetector(StreamOptions, TestAssets.ModelDirectory);
        await using var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = 4, MaxWait = TimeSpan.FromMilliseconds(200) });
        using var wide = TestAssets.SampleImage("images/bus.jpg");
        var frames = ClipFrames(2, step: 10);

        var results = await Task.WhenAll(new[] { frames[0], wide, frames[1] }.Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));

        Assert.Equal(detector.Detect(wide).Detections, results[1].Detections);
        Assert.Equal(detector.Detect(frames[1]).Detections, results[2].Detections);
        Assert.Equal(3, batching.Statistics.Frames);
        Assert.True(batching.Statistics.Batches >= 2);
        frames.ForEach(frame => frame.Dispose());
    }

    [Fact]
    public async Task FramesOfTwoSizesArrivingInTurn_RunInOneBatchPerSize_NotOneBatchEach()
    {
        // 4:3 and portrait cameras sharing the detector, their frames interleaved: a batch ended at the first frame of the
        // other size, so every batch held one frame and a GPU ran far below its unbatched pace.
        using var detector = new ObjectDetector(StreamOptions, TestAssets.ModelDirectory);
        await using var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = 3, MaxWait = TimeSpan.FromSeconds(1) });
        using var portrait = TestAssets.SampleImage("images/bus.jpg");
        var clip = ClipFrames(3, step: 10);
        Mat[] interleaved = [clip[0], portrait, clip[1], portrait, clip[2], portrait];

        var results = await Task.WhenAll(interleaved.Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));

        Assert.Equal(new BatchStatistics(2, 6, 3), batching.Statistics);
        for (var i = 0; i < interleaved.Length; i++)
        {
            Assert.Equal(detector.Detect(interleaved[i]).Detections, results[i].Detections);
        }

        clip.ForEach(frame => frame.Dispose());
    }

    [Fact]
    public async Task CamerasSharingABatchingDetector_GetTheSameResultsInTheirOwnOrder_AndEveryFrameIsAccountedFor()
    {
        const int cameraCount = 3;
        using var detector = new ObjectDetector(StreamOptions, TestAssets.ModelDirectory);
        var alone = (await ReplayAsync(detector, cameraCount: 1))[0].Recorder.Results;
        await using var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = cameraCount, MaxWait = TimeSpan.FromMilliseconds(50) });

        var together = await ReplayAsync(batching, cameraCount);

        Assert.True(batching.Statistics.LargestBatch > 1, "frames of different cameras ran in one batch");
        foreach (var (camera, recorder) in together)
        {
            var results = recorder.Results;
            Assert.Equal(alone.Select(r => r.Sequence), results.Select(r => r.Sequence));
            Assert.All(results, r => Assert.Equal(FrameOutcome.Processed, r.Outcome));
            Assert.Equal(alone.Select(r => r.Detections), results.Select(r => r.Detections));
            Assert.Equal(alone.Select(r => r.Tracks), results.Select(r => r.Tracks));
            Assert.Equal(camera.Counters.Accepted, camera.Counters.Processed);
            Assert.Equal(0, camera.Counters.Dropped + camera.Counters.Failed);
        }
    }

    [Fact]
    public void AModelThatTakesOneImageARun_CannotBatch()
    {
        using var detector = new ObjectDetector(StreamOptions, TestAssets.ModelDirectory);
        using var single = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640 }, TestAssets.ModelDirectory);

        var error = Assert.Throws<InvalidOperationException>(() => new BatchingDetector(single, new BatchingOptions()));

        Assert.Contains("dynamic batch dimension", error.Message);
        Assert.True(detector.SupportsBatches);
    }

    private static List<Mat> ClipFrames(int count, int step) => TestAssets.ClipFrames("video/vtest.avi", count, step);

    private static async Task<List<(CameraPipeline Camera, RecordingConsumer Recorder)>> ReplayAsync(IFrameDetector detector, int cameraCount)
    {
        var frames = ClipFrames(24, step: 2);
        var jpegs = frames.Select(frame =>
        {
            Cv2.ImEncode(".jpg", frame, out var jpeg);
            return jpeg;
        }).ToList();
        frames.ForEach(frame => frame.Dispose());
        using var metrics = new PipelineMetrics();
        var cameras = Enumerable.Range(0, cameraCount).Select(i =>
        {
            var recorder = new RecordingConsumer();
            var definition = new CameraDefinition { Id = $"batch-{i}", Name = $"batch {i}", ExpectedFramesPerSecond = 5 };
            return (Camera: new CameraPipeline(definition, detector, new TrackerOptions(), metrics, [recorder]), Recorder: recorder);
        }).ToList();

        await Task.WhenAll(cameras.Select(async pair =>
        {
            var running = pair.Camera.RunAsync(CancellationToken.None);
            for (var sequence = 0; sequence < jpegs.Count; sequence++)
            {
                var capturedAt = ClipReplay.ReplayStart + TimeSpan.FromMilliseconds(200 * sequence);
                await pair.Camera.IngestAsync(new EncodedFrame(pair.Camera.Id, sequence, capturedAt, jpegs[sequence]), CancellationToken.None);
            }

            pair.Camera.CompleteIngest();
            await running;
        }));
        return cameras;
    }
}
