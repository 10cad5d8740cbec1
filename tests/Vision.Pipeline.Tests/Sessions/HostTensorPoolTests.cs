using Microsoft.ML.OnnxRuntime;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Sessions;

/// <summary>
/// The pooled tensors a GPU session uses (page-locked blocks, IOBinding outputs). Without a GPU here, the same pool runs
/// on blocks of the CPU session's own allocator: the blocks, their reuse, the tensors laid over them and the bound
/// outputs are the code a GPU runs; only the memory differs.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class HostTensorPoolTests(DetectorFixture detectors)
{
    private static HostTensorPool CpuBlocks(InferenceSession session) =>
        HostTensorPool.OfBlocksFrom(new OrtAllocator(session, OrtMemoryInfo.DefaultInstance));

    [Fact]
    public void ACpuSession_KeepsItsTensorsInManagedArrays_AndHasNoPageLockedAllocatorToAskFor()
    {
        var path = TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx");
        using var session = ModelSession.Load(path);
        Assert.Equal("managed", session.HostMemory);
        Assert.False(session.Tensors.IsPageLocked);

        // What a GPU session without a pinned allocator would meet: the error ModelSession falls back to managed memory on.
        using var bare = InferenceSessionFactory.Create(path, ExecutionTarget.Cpu);
        Assert.Throws<OnnxRuntimeException>(() => HostTensorPool.PageLockedFor(bare, deviceId: 0));
    }

    [Fact]
    public void ATensorIsLaidOverAPooledBlock_WhichTheNextTensorOfItsSizeReuses()
    {
        using var session = InferenceSessionFactory.Create(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), ExecutionTarget.Cpu);
        var pool = CpuBlocks(session);

        using (var first = pool.Rent<float>(1, 3, 416, 416))
        {
            first.Span.Fill(7f);
            Assert.Equal(3 * 416 * 416, first.Length);
            Assert.Equal([1L, 3, 416, 416], first.Value.GetTensorTypeAndShape().Shape);
            Assert.Equal(7f, first.Value.GetTensorDataAsSpan<float>()[^1]);
        }

        using (var again = pool.Rent<float>(1, 3, 416, 400))
        using (var beside = pool.Rent<byte>(2, 64, 128, 3))
        {
            // The block of the first (rounded up to a power of two) serves a slightly smaller tensor; a second tensor
            // rented at the same time gets a block of its own.
            Assert.Equal(2, pool.BlocksAllocated);
            again.Span.Clear();
            beside.Span.Fill(1);
            Assert.Equal(0f, again.Value.GetTensorDataAsSpan<float>()[0]);
        }

        using (var third = pool.Rent<float>(1, 3, 416, 416))
        {
            Assert.Equal(2, pool.BlocksAllocated);
        }

        var released = false;
        pool.Close(() => released = true);
        Assert.True(released);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent<float>(1, 3, 416, 416));
    }

    [Fact]
    public void ClosingThePool_ReleasesTheSessionOnlyWhenTheLastRentedTensorIsBack()
    {
        using var session = InferenceSessionFactory.Create(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), ExecutionTarget.Cpu);
        var pool = CpuBlocks(session);
        var rented = pool.Rent<byte>(1, 64, 128, 3);
        var released = 0;

        pool.Close(() => released++);
        Assert.Equal(0, released); // the block belongs to the session's allocator: freeing it later needs the session
        rented.Dispose();
        Assert.Equal(1, released);
        rented.Dispose();
        pool.Close(() => released++);
        Assert.Equal(1, released);
    }

    [Fact]
    public void ADetectorOnPooledBlocks_FindsExactlyWhatTheManagedPathFinds_WithoutAllocatingPerFrame()
    {
        using var session = ModelSession.LoadWithTensors(TestAssets.Model("yolox_nano_coco_416.onnx"), CpuBlocks);
        using var pooled = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, session);
        using var image = TestAssets.SampleImage("images/bus.jpg");

        var expected = detectors.Standard.Detect(image).Detections;
        Assert.NotEmpty(expected);
        Assert.Equal(expected, pooled.Detect(image).Detections);
        // One block for the input and one for the bound output (the warm-up at load took them first).
        Assert.Equal(2, session.Tensors.BlocksAllocated);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected, pooled.Detect(image).Detections);
        }

        Assert.Equal(2, session.Tensors.BlocksAllocated);
    }

    [Fact]
    public async Task ABatchOnPooledBlocks_LearnsItsOutputShapeFromTheFirstRun_AndEachFrameGetsItsOwnDetections()
    {
        // This model leaves batch and canvas open, so its output ([batch, anchors, 85]) is known only after a run.
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_batch_dynamic.onnx", InputSize = 640, ConfidenceThreshold = 0.1f };
        using var session = ModelSession.LoadWithTensors(TestAssets.Model(options.ModelPath), CpuBlocks);
        using var pooled = new ObjectDetector(options, session);
        using var managed = new ObjectDetector(options, TestAssets.ModelDirectory);
        await using var batching = new BatchingDetector(pooled, new BatchingOptions { MaxBatch = 3, MaxWait = TimeSpan.FromSeconds(1) });
        var frames = TestAssets.ClipFrames("video/vtest.avi", 6, step: 20);

        var first = await Task.WhenAll(frames[..3].Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));
        var second = await Task.WhenAll(frames[3..].Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));
        var blocks = session.Tensors.BlocksAllocated;

        Assert.Equal(new BatchStatistics(2, 6, 3), batching.Statistics);
        var batched = first.Concat(second).ToArray();
        for (var i = 0; i < frames.Count; i++)
        {
            var alone = managed.Detect(frames[i]).Detections;
            Assert.NotEmpty(alone);
            Assert.Equal(alone, batched[i].Detections);
        }

        var third = await Task.WhenAll(frames[..3].Select(frame => batching.DetectAsync(frame, CancellationToken.None).AsTask()));
        // From the second batch of a canvas on, input and output are pooled blocks of known size: none is added.
        Assert.Equal(blocks, session.Tensors.BlocksAllocated);
        Assert.Equal(first.Select(result => result.Detections), third.Select(result => result.Detections));
        frames.ForEach(frame => frame.Dispose());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABoundRunThatFailsWhereAPlainRunSucceeds_StopsTheSessionBindingOutputs_AndTheRunStillReturnsItsOutputs(bool waitForTheSlot)
    {
        using var session = ModelSession.LoadWithTensors(TestAssets.Model("yolox_nano_coco_batch_dynamic.onnx"), CpuBlocks);
        var abandoned = new List<string>();
        session.OutputBindingAbandoned += abandoned.Add;
        Assert.Equal("bound to pooled tensors", session.OutputBinding);
        using var frame = session.RentInput<float>(1, 3, 416, 416);
        frame.Span.Clear();
        frame.Span[..(3 * 416 * 100)].Fill(114f);
        float[] expected;
        using (var plain = session.Run([frame.Value]))
        {
            expected = plain[0].GetTensorDataAsSpan<float>().ToArray();
        }

        // The outputs of a 320 px canvas taught as those of 416 px: the bound run binds an output of the wrong shape,
        // which ONNX Runtime refuses, as a GPU might refuse page-locked outputs.
        using (var small = session.RentInput<float>(1, 3, 320, 320))
        {
            small.Span.Clear();
            using var outputs = session.Run([small.Value]);
            session.OutputItemShapes.Learn([1, 3, 416, 416], outputs);
        }

        for (var run = 0; run < 3; run++)
        {
            using var outputs = waitForTheSlot ? await session.InferAsync(frame.Value, CancellationToken.None) : session.Infer(frame.Value);
            Assert.Equal(expected, outputs.Values[0].GetTensorDataAsSpan<float>().ToArray());
        }

        var error = Assert.Single(abandoned);
        Assert.Contains("shape", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"allocated per run (a bound run failed: {error})", session.OutputBinding);
    }

    [Fact]
    public void AnOutputShapeTheModelLeavesToTheInput_IsKnownAfterTheFirstRunOfThatInputSize()
    {
        using var session = ModelSession.Load(TestAssets.Model("yolox_nano_coco_batch_dynamic.onnx"));
        var shapes = new OutputShapes([.. session.OutputNames.Select(name => session.Outputs[name])]);
        long[] canvas = [2, 3, 480, 640];
        Assert.Null(shapes.OutputShape(0, batch: 2, shapes.ItemShapesFor(canvas)));

        using var input = session.RentInput<float>(canvas);
        input.Span.Clear();
        using (var outputs = session.Run([input.Value]))
        {
            shapes.Learn(canvas, outputs);
        }

        // 640x480 at strides 8, 16 and 32: 4800 + 1200 + 300 anchors, 85 values each; the batch follows the run.
        Assert.Equal([5L, 6300, 85], shapes.OutputShape(0, batch: 5, shapes.ItemShapesFor([1, 3, 480, 640]))!);
        Assert.Null(shapes.OutputShape(0, batch: 2, shapes.ItemShapesFor([2, 3, 640, 640])));
    }
}
