using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Benchmarks;

/// <summary>Plate reading for one frame with 10 vehicles: locate the plate in each vehicle crop, then read all plates in one batch.</summary>
[MemoryDiagnoser]
public class PlateLocalizationBenchmarks
{
    private const int VehiclesPerFrame = 10;
    private static readonly VehiclePlateFinderOptions ReadingMargins = new();

    private readonly List<Mat> _vehicleCrops = [];
    private TextRegionDetector _textDetector = null!;
    private TextPlateLocator _locator = null!;
    private FastPlateOcrReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        _locator = new TextPlateLocator(_textDetector);
        _reader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        // Real vehicle crops (cars and motorbikes from the Vietnamese samples), repeated up to 10 per frame.
        var boxes = new (string Sample, BoundingBox Box)[]
        {
            ("images/vn_cars_4.jpg", new BoundingBox(28, 336, 343, 520)),
            ("images/vn_cars_4.jpg", new BoundingBox(560, 314, 798, 546)),
            ("images/vn_car_3.jpg", new BoundingBox(300, 60, 900, 500)),
            ("images/vn_motorbikes_parked_101.jpg", new BoundingBox(200, 280, 480, 890)),
            ("images/vn_motorbikes_parked_101.jpg", new BoundingBox(470, 130, 650, 540)),
        };
        for (var i = 0; i < VehiclesPerFrame; i++)
        {
            var (sample, box) = boxes[i % boxes.Length];
            using var image = BenchmarkAssets.SampleImage(sample);
            var rect = new Rect((int)box.Left, (int)box.Top, (int)box.Width, (int)box.Height).Intersect(new Rect(0, 0, image.Width, image.Height));
            using var view = new Mat(image, rect);
            _vehicleCrops.Add(view.Clone());
        }
    }

    [Benchmark(Description = "locate + read, 10 vehicles per frame")]
    public int ReadTenVehicles()
    {
        var plates = new List<Mat>(VehiclesPerFrame);
        try
        {
            foreach (var crop in _vehicleCrops)
            {
                var candidates = _locator.Locate(crop);
                if (candidates.Count > 0)
                {
                    plates.Add(PlateRectifier.Rectify(crop, candidates[0], ReadingMargins.HorizontalReadingMargin, ReadingMargins.VerticalReadingMargin));
                }
            }

            return _reader.Read(plates).Count(read => read.Characters.Length > 0);
        }
        finally
        {
            foreach (var plate in plates)
            {
                plate.Dispose();
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var crop in _vehicleCrops)
        {
            crop.Dispose();
        }

        _textDetector.Dispose();
        _reader.Dispose();
    }
}
