using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates.Localization;

/// <summary>The real models of plate localisation and reading, loaded once for all plate localisation tests.</summary>
public sealed class PlateLocalizationFixture : IDisposable
{
    public PlateLocalizationFixture()
    {
        TextDetector = new TextRegionDetector(new TextRegionDetectorOptions(), TestAssets.ModelDirectory);
        TextLocator = new TextPlateLocator(TextDetector);
        VehicleDetector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640 }, TestAssets.ModelDirectory);
        // The test-only YOLOv5 plate detector proves a user-supplied model works through configuration alone.
        PlateDetector = new ObjectDetector(
            new DetectorOptions
            {
                ModelPath = TestAssets.Model("test-only/vn_plate_detector_yolov5n_640.onnx"),
                Format = ModelFormat.YoloV5,
                ClassNames = ["licence plate"],
            },
            TestAssets.ModelDirectory);
        DetectorLocator = new DetectorPlateLocator(PlateDetector);
        Reader = new FastPlateOcrReader(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        SecondOpinion = new PaddleTextRecognizer(
            TestAssets.Model("ppocr/ch_PP-OCRv4_rec_infer.onnx"), TestAssets.Model("ppocr/ppocr_keys_v1.txt"), new InferenceOptions());
        Finder = new VehiclePlateFinder(TextLocator, VehicleDetector);
    }

    public TextRegionDetector TextDetector { get; }

    public TextPlateLocator TextLocator { get; }

    public ObjectDetector VehicleDetector { get; }

    public ObjectDetector PlateDetector { get; }

    public DetectorPlateLocator DetectorLocator { get; }

    public FastPlateOcrReader Reader { get; }

    public PaddleTextRecognizer SecondOpinion { get; }

    public VehiclePlateFinder Finder { get; }

    /// <summary>The crop reader the service builds for <paramref name="grammar"/> (second opinion for Vietnamese only).</summary>
    public PlateCropReader CropReader(PlateGrammarMode grammar = PlateGrammarMode.Vietnamese) =>
        new(Reader, grammar == PlateGrammarMode.Vietnamese ? SecondOpinion : null, new PlateCropReaderOptions { Grammar = grammar });

    /// <summary>Finds and reads plates of whole photos as triage does.</summary>
    public PlatePhotoReader PhotoReader(PlateGrammarMode grammar = PlateGrammarMode.Vietnamese) => new(Finder, CropReader(grammar));

    public void Dispose()
    {
        TextDetector.Dispose();
        VehicleDetector.Dispose();
        PlateDetector.Dispose();
        Reader.Dispose();
        SecondOpinion.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PlateLocalizationCollection : ICollectionFixture<PlateLocalizationFixture>
{
    public const string Name = "plate localisation";
}
