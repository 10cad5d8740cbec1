using Microsoft.Extensions.Options;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Service.Hosting;

/// <summary>Plate reading shared by all cameras (models loaded once), and the watchlist (configuration <c>Vision:Plates</c>).</summary>
public static class PlateRegistration
{
    public static IServiceCollection AddVisionPlates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlateStageOptions>().BindConfiguration("Vision:Plates").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var modelDirectory = ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory);
            var inference = configuration.GetSection("Vision:Plates:Inference").Get<InferenceOptions>() ?? new InferenceOptions();
            // A user-supplied YOLO plate detector (YOLOv5 or YOLOv8 layout) replaces the text locator when configured.
            var plateDetector = configuration.GetSection("Vision:Plates:PlateDetector").Get<DetectorOptions>();
            return new PlateModels(
                new TextRegionDetector(new TextRegionDetectorOptions { Inference = inference }, modelDirectory),
                plateDetector is { ModelPath.Length: > 0 } ? new ObjectDetector(plateDetector, modelDirectory) : null,
                new FastPlateOcrReader(Path.Combine(modelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), inference),
                new PaddleTextRecognizer(Path.Combine(modelDirectory, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"),
                    Path.Combine(modelDirectory, "ppocr", "ppocr_keys_v1.txt"), inference));
        });
        services.AddSingleton(_ => new Watchlist(
            configuration.GetSection("Vision:Plates:Watchlist").Get<List<WatchlistEntry>>() ?? [],
            configuration.GetValue("Vision:Plates:WatchlistMaxEditDistance", 1)));
        return services;
    }
}

/// <summary>The plate models every camera's plate stage shares; their sessions are thread-safe.</summary>
public sealed class PlateModels(
    TextRegionDetector textDetector, ObjectDetector? plateDetector, FastPlateOcrReader reader, PaddleTextRecognizer secondOpinion) : IDisposable
{
    public PlateCropReader CropReader { get; } = new(reader, secondOpinion);

    /// <summary>The fast-plate-ocr session, for callers that read plates without a second opinion (photo triage).</summary>
    public FastPlateOcrReader Reader { get; } = reader;

    public IPlateLocator Locator { get; } = plateDetector is null ? new TextPlateLocator(textDetector) : new DetectorPlateLocator(plateDetector);

    public void Dispose()
    {
        textDetector.Dispose();
        plateDetector?.Dispose();
        Reader.Dispose();
        secondOpinion.Dispose();
    }
}
