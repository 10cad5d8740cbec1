using Microsoft.Extensions.Options;
using Vision.Domain.Plates.Consensus;
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
                provider.GetRequiredService<IOptions<PlateStageOptions>>().Value,
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

/// <summary>
/// The plate models every camera's plate stage and photo triage share (their sessions are thread-safe), and a crop
/// reader per grammar: Vietnamese reads get the PP-OCR second opinion when unsure; generic (any-country) reads do not,
/// as the second opinion is tuned to Vietnamese formats and costs about seven times the first read.
/// </summary>
public sealed class PlateModels(
    PlateStageOptions options, TextRegionDetector textDetector, ObjectDetector? plateDetector, FastPlateOcrReader reader, PaddleTextRecognizer secondOpinion) : IDisposable
{
    private readonly PlateCropReader _vietnamese = new(reader, secondOpinion,
        new PlateCropReaderOptions { Grammar = PlateGrammarMode.Vietnamese, MinimumConfidence = options.MinimumConfidence });

    private readonly PlateCropReader _generic = new(reader, null,
        new PlateCropReaderOptions { Grammar = PlateGrammarMode.Generic, MinimumConfidence = options.MinimumConfidence });

    /// <summary>The crop reader of the configured grammar (<c>Vision:Plates:Grammar</c>).</summary>
    public PlateCropReader CropReader => CropReaderFor(options.Grammar);

    public IPlateLocator Locator { get; } = plateDetector is null ? new TextPlateLocator(textDetector) : new DetectorPlateLocator(plateDetector);

    /// <summary>The crop reader checking reads with <paramref name="grammar"/> (a camera's own <c>PlateGrammar</c>).</summary>
    public PlateCropReader CropReaderFor(PlateGrammarMode grammar) => grammar == PlateGrammarMode.Vietnamese ? _vietnamese : _generic;

    public void Dispose()
    {
        textDetector.Dispose();
        plateDetector?.Dispose();
        reader.Dispose();
        secondOpinion.Dispose();
    }
}
