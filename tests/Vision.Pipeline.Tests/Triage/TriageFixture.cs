using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Triage;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;

namespace Vision.Pipeline.Tests.Triage;

/// <summary>The real models triage uses (both detector passes, plate locator and reader, YuNet), loaded once.</summary>
public sealed class TriageFixture : IDisposable
{
    public TriageFixture()
    {
        Detectors = new DetectorSet(
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory),
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 }, TestAssets.ModelDirectory));
        TextDetector = new TextRegionDetector(new TextRegionDetectorOptions(), TestAssets.ModelDirectory);
        PlateReader = new FastPlateOcrReader(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        SecondOpinion = new PaddleTextRecognizer(
            TestAssets.Model("ppocr/ch_PP-OCRv4_rec_infer.onnx"), TestAssets.Model("ppocr/ppocr_keys_v1.txt"), new InferenceOptions());
        Faces = new FaceDetector(new FaceDetectorOptions(), TestAssets.ModelDirectory);
    }

    public DetectorSet Detectors { get; }

    public TextRegionDetector TextDetector { get; }

    public FastPlateOcrReader PlateReader { get; }

    public PaddleTextRecognizer SecondOpinion { get; }

    public FaceDetector Faces { get; }

    /// <summary>Plates found and read as the service does for <paramref name="grammar"/> (second opinion for Vietnamese only).</summary>
    public PlatePhotoReader Plates(PlateGrammarMode grammar = PlateGrammarMode.Vietnamese) => new(
        new VehiclePlateFinder(new TextPlateLocator(TextDetector), null),
        new PlateCropReader(PlateReader, grammar == PlateGrammarMode.Vietnamese ? SecondOpinion : null, new PlateCropReaderOptions { Grammar = grammar }));

    /// <summary>A triage over a fresh index (or the given one) at a fixed clock.</summary>
    public PhotoTriage CreateTriage(IReportPhotoIndex? index = null, TriageOptions? options = null, PlateGrammarMode grammar = PlateGrammarMode.Vietnamese) => new(
        options ?? new TriageOptions(),
        Detectors,
        Plates(grammar),
        new PrivacyRedactor(Faces),
        index ?? new InMemoryReportPhotoIndex(),
        new FakeTimeProvider(TriagePhotos.ReportedAt));

    public void Dispose()
    {
        Detectors.Dispose();
        TextDetector.Dispose();
        PlateReader.Dispose();
        SecondOpinion.Dispose();
        Faces.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TriageCollection : ICollectionFixture<TriageFixture>
{
    public const string Name = "photo triage";
}
