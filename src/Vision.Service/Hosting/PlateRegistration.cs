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
    private const string PlateDetectorSection = "Vision:Plates:PlateDetector";
    private const string PlateInferenceSection = "Vision:Plates:Inference";

    public static IServiceCollection AddVisionPlates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlateStageOptions>().BindConfiguration("Vision:Plates").ValidateDataAnnotations().ValidateOnStart();
        // Only with a ModelPath of its own: the section's default is the COCO detector, which would box cars as plates.
        services.AddValidatedSection<DetectorOptions>(PlateDetectorSection, PlateDetectorSection).Validate<IConfiguration>(
            (_, settings) => !settings.GetSection(PlateDetectorSection).Exists() || settings[PlateDetectorSection + ":ModelPath"] is { Length: > 0 },
            $"{PlateDetectorSection}:ModelPath is required when {PlateDetectorSection} is configured (a YOLOv5 or YOLOv8 plate detector).");
        services.AddValidatedSection<WatchlistOptions>("Vision:Plates");
        services.AddValidatedSection<InferenceOptions>(PlateInferenceSection, PlateInferenceSection);
        services.AddOptions<PlateReaderModels>().BindConfiguration("Vision:Plates:ReaderModels").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var modelDirectory = provider.GetRequiredService<ModelSessions>().ModelDirectory;
            // The plate models' override of Vision:Inference (unset: they run where every model runs).
            var inference = provider.GetRequiredService<IOptionsMonitor<InferenceOptions>>().Get(PlateInferenceSection);
            // A user-supplied YOLO plate detector (YOLOv5 or YOLOv8 layout) replaces the text locator when configured.
            var plateDetector = configuration.GetSection(PlateDetectorSection).Exists()
                ? provider.GetRequiredService<IOptionsMonitor<DetectorOptions>>().Get(PlateDetectorSection)
                : null;
            var textDetector = new TextRegionDetectorOptions();
            var readerModels = provider.GetRequiredService<IOptions<PlateReaderModels>>().Value;
            return new PlateModels(
                provider.GetRequiredService<IOptions<PlateStageOptions>>().Value,
                new TextRegionDetector(textDetector, provider.SessionFor(textDetector.ModelPath, inference)),
                plateDetector is { ModelPath.Length: > 0 } ? PipelineRegistration.LoadDetector(provider, plateDetector) : null,
                PlateReaderSet.Load(readerModels, model => provider.SessionFor(model, inference)),
                new PaddleTextRecognizer(provider.SessionFor(Path.Combine("ppocr", "ch_PP-OCRv4_rec_infer.onnx"), inference),
                    Path.Combine(modelDirectory, "ppocr", "ppocr_keys_v1.txt")));
        });
        services.AddSingleton(provider =>
        {
            var watchlist = provider.GetRequiredService<IOptions<WatchlistOptions>>().Value;
            return new Watchlist(watchlist.Watchlist, watchlist.WatchlistMaxEditDistance);
        });
        return services;
    }
}

/// <summary>
/// The plate models every camera's plate stage and photo triage share (their sessions are thread-safe), and a crop
/// reader per grammar, each with its own text model (<see cref="PlateReaderModels"/>): Vietnamese reads get the PP-OCR
/// second opinion when unsure; generic (any-country) reads do not, as the second opinion is tuned to Vietnamese formats
/// and costs about seven times the first read.
/// </summary>
public sealed class PlateModels(
    PlateStageOptions options, TextRegionDetector textDetector, ObjectDetector? plateDetector, PlateReaderSet readers, PaddleTextRecognizer secondOpinion) : IDisposable
{
    private readonly PlateCropReader _vietnamese = new(readers.Vietnamese, secondOpinion,
        new PlateCropReaderOptions { Grammar = PlateGrammarMode.Vietnamese, MinimumConfidence = options.MinimumConfidence });

    private readonly PlateCropReader _generic = new(readers.Generic, null,
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
        readers.Dispose();
        secondOpinion.Dispose();
    }
}
