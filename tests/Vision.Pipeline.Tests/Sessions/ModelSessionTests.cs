using System.Security.Cryptography;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Sessions;

[Collection(DetectorCollection.Name)]
public sealed class ModelSessionTests(DetectorFixture detectors)
{
    [Fact]
    public void OneModelFile_IsLoadedOnce_AndDetectorsOnItKeepTheirOwnThresholdsAndCanvas()
    {
        using var sessions = new ModelSessions(TestAssets.ModelDirectory, new InferenceSettings());
        var streamOptions = new DetectorOptions { Name = "yolox-nano-coco-640", ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640, ConfidenceThreshold = 0.1f };
        var photoOptions = new DetectorOptions { Name = "yolox-nano-coco-dynamic", ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 };
        using var stream = new ObjectDetector(streamOptions, sessions.Get(streamOptions.ModelPath));
        using var photo = new ObjectDetector(photoOptions, sessions.Get(photoOptions.ModelPath));
        using var streamAlone = new ObjectDetector(streamOptions, TestAssets.ModelDirectory);
        using var image = TestAssets.SampleImage("images/street_00001_ppvehicle.jpg");

        Assert.Same(stream.Session, photo.Session);
        Assert.Single(sessions.Loaded);
        // Shared, the results are exactly those of a detector with a session of its own.
        Assert.Equal(streamAlone.Detect(image).Detections, stream.Detect(image).Detections);
        Assert.Equal(detectors.HighResolution.Detect(image).Detections, photo.Detect(image).Detections);
        Assert.True(stream.Detect(image).Detections.Count > photo.Detect(image).Detections.Count,
            "the stream detector's lower threshold keeps weak boxes the photo detector's does not");
        // Evidence records keep the configured name with the hash of the file that ran.
        Assert.Equal("yolox-nano-coco-640", stream.Model.Name);
        Assert.Equal("yolox-nano-coco-dynamic", photo.Model.Name);
        Assert.Equal(Sha256Of("yolox_nano_coco_dynamic.onnx"), stream.Model.Sha256);
        Assert.Equal(stream.Model.Sha256, photo.Model.Sha256);
    }

    [Fact]
    public async Task Disposing_WaitsForTheRunsInFlight_AndLaterRunsAreRefused_NeverANativeCrash()
    {
        var session = ModelSession.Load(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"));
        using var started = new CountdownEvent(4);
        var outcomes = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var completed = 0;
            started.Signal();
            while (true)
            {
                using var input = session.RentInput<byte>(8, 64, 128, 3);
                try
                {
                    using var outputs = session.Run([input.Value]);
                    completed++;
                }
                catch (ObjectDisposedException)
                {
                    return completed;
                }
            }
        })).ToArray();

        started.Wait(TimeSpan.FromSeconds(30));
        session.Dispose(); // before the guard, a run still inside ONNX Runtime here killed the test host (SIGSEGV)
        // Every loop ends only by being refused: any other failure of a run fails WhenAll.
        await Task.WhenAll(outcomes).WaitAsync(TimeSpan.FromMinutes(2));

        using var late = session.RentInput<byte>(1, 64, 128, 3);
        Assert.Throws<ObjectDisposedException>(() => session.Run([late.Value]));
        session.Dispose();
    }

    [Fact]
    public void AModelOverride_GetsASessionOfItsOwn_WhileTheSameTargetSharesOne()
    {
        using var sessions = new ModelSessions(TestAssets.ModelDirectory, new InferenceSettings { IntraOpThreads = 1 });

        var shared = sessions.Get("fast_plate_ocr_cct_xs_v1_global.onnx");
        var sameTarget = sessions.Get(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions { IntraOpThreads = 1 });
        var overridden = sessions.Get("fast_plate_ocr_cct_xs_v1_global.onnx", new InferenceOptions { IntraOpThreads = 2 });

        Assert.Same(shared, sameTarget);
        Assert.NotSame(shared, overridden);
        Assert.Equal(1, shared.Target.IntraOpThreads);
        Assert.Equal(2, overridden.Target.IntraOpThreads);
    }

    [Fact]
    public void TheProviderComesFromOnePlace_AndAModelMayOverrideIt()
    {
        var settings = new InferenceSettings { ExecutionProvider = ExecutionProvider.Cuda, DeviceId = 1, TensorRtEngineCacheDirectory = "cache/trt" };

        var inherited = settings.TargetFor(new InferenceOptions());
        var overridden = settings.TargetFor(new InferenceOptions { ExecutionProvider = ExecutionProvider.Cpu });

        Assert.Equal(ExecutionProvider.Cuda, inherited.Provider);
        Assert.Equal(1, inherited.DeviceId);
        Assert.Equal(Path.GetFullPath("cache/trt"), inherited.TensorRtEngineCacheDirectory);
        Assert.Equal(ExecutionProvider.Cpu, overridden.Provider);
        Assert.Equal(1, overridden.DeviceId);
    }

    [Fact]
    public void TheModelsIdentityAndMetadata_AreReadOnceAtLoad()
    {
        using var session = ModelSession.Load(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"));

        Assert.Equal("fast_plate_ocr_cct_xs_v1_global", session.Identity.Name);
        Assert.Equal(Sha256Of("fast_plate_ocr_cct_xs_v1_global.onnx"), session.Identity.Sha256);
        Assert.Equal("tf2onnx", session.Metadata.ProducerName);
        Assert.Equal(["input"], session.InputNames);
    }

    [Fact]
    public async Task AllModelsShareOneRunBudget_ARunWaitsForASlotAnotherModelHolds()
    {
        using var budget = new InferenceBudget(1);
        var target = new InferenceSettings().TargetFor(null);
        using var detectorSession = ModelSession.Load(TestAssets.Model("yolox_nano_coco_416.onnx"), target, budget);
        using var readerSession = ModelSession.Load(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), target, budget);
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, detectorSession);
        using var reader = new FastPlateOcrReader(readerSession);
        using var image = TestAssets.SampleImage("images/bus.jpg");

        budget.Enter();
        var detection = detector.DetectAsync(image, CancellationToken.None).AsTask();
        // The only slot is held (as a plate read running would hold it): the detection cannot have run.
        Assert.False(detection.IsCompleted);
        Assert.Equal(1, budget.Busy);
        budget.Leave();

        var result = await detection;
        Assert.Equal(detectors.Standard.Detect(image).Detections, result.Detections);
        Assert.Equal(0, budget.Busy);
    }

    private static string Sha256Of(string model)
    {
        using var stream = File.OpenRead(TestAssets.Model(model));
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
