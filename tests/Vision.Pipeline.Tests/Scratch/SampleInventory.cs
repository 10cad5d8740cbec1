using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Scratch;

public sealed class SampleInventory(ITestOutputHelper output)
{
    [Fact]
    public void Inventory()
    {
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f }, TestAssets.ModelDirectory);
        foreach (var file in Directory.GetFiles(Path.Combine(TestAssets.SamplesDirectory, "images")).Order())
        {
            using var image = OpenCvSharp.Cv2.ImRead(file);
            output.WriteLine($"== {Path.GetFileName(file)} {image.Width}x{image.Height}");
            foreach (var d in detector.Detect(image).Detections)
            {
                output.WriteLine($"  {detector.Classes.NameOf(d.ClassId)} {d.Confidence:0.00} [{d.Box.Left:0},{d.Box.Top:0},{d.Box.Right:0},{d.Box.Bottom:0}]");
            }
        }
    }
}
