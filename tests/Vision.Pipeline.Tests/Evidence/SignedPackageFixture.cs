using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>One real package (photos of two cars, redacted copy included), built once; tests work on copies of it.</summary>
public sealed class SignedPackageFixture : IDisposable
{
    public const string Photo = "images/vn_cars_4.jpg";

    private readonly ObjectDetector _detector = new(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
    private readonly FaceDetector _faces = new(new FaceDetectorOptions(), TestAssets.ModelDirectory);
    private readonly TextRegionDetector _text = new(new TextRegionDetectorOptions(), TestAssets.ModelDirectory);

    public SignedPackageFixture()
    {
        Workspace = new EvidenceWorkspace(new EvidenceRedaction(new PrivacyRedactor(_faces), _detector, new TextPlateLocator(_text)));
        var frames = EvidenceSamples.PhotoFrames(Photo, 41);
        var car = EvidenceSamples.LargestCar(_detector, Photo);
        var result = Workspace.Builder.Build(EvidenceSamples.RedLight(frames[20], car, EvidenceSamples.PathTo(car, frames, frames[20].Sequence)),
            EvidenceSamples.Camera, frames, CancellationToken.None);
        Folder = Workspace.Store.Locate(result.Reference!.PackageId)!;
    }

    public EvidenceWorkspace Workspace { get; }

    /// <summary>The stored package (do not modify; copy it with <see cref="CopyPackage"/>).</summary>
    public string Folder { get; }

    public string CopyPackage()
    {
        var copy = Path.Combine(Workspace.Root, "copies", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public void Dispose()
    {
        Workspace.Dispose();
        _detector.Dispose();
        _faces.Dispose();
        _text.Dispose();
    }
}
