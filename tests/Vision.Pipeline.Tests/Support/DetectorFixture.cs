using Vision.Pipeline.Analysis;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.Support;

/// <summary>The real detectors, loaded once for all detection tests.</summary>
public sealed class DetectorFixture : IDisposable
{
    public DetectorFixture()
    {
        Standard = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
        HighResolution = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 }, TestAssets.ModelDirectory);
        Detectors = new DetectorSet(Standard, HighResolution);
    }

    public ObjectDetector Standard { get; }

    public ObjectDetector HighResolution { get; }

    public DetectorSet Detectors { get; }

    public void Dispose() => Detectors.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DetectorCollection : ICollectionFixture<DetectorFixture>
{
    public const string Name = "detectors";
}
