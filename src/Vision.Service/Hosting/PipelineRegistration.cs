using Microsoft.Extensions.Options;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.RoadUsers;

namespace Vision.Service.Hosting;

public static class PipelineRegistration
{
    public const string StandardDetectorSection = "Vision:Detector";
    public const string HighResolutionDetectorSection = "Vision:HighResolutionDetector";
    public const string RoadUsersSection = "Vision:RoadUsers";

    public static IServiceCollection AddVisionPipeline(this IServiceCollection services)
    {
        services.AddVisionInference();
        services.AddOptions<VisionOptions>().BindConfiguration("Vision").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImageLimits>().BindConfiguration("Vision:ImageLimits").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImageLimits>>(provider => new PhotoLimitValidation<ImageLimits>(
            provider.GetRequiredService<IConfiguration>(), "Vision:ImageLimits:MaxEncodedBytes", limits => limits.MaxEncodedBytes));
        services.AddValidatedSection<DetectorOptions>(StandardDetectorSection, DetectionProfile.Standard.ToString());
        services.AddValidatedSection<DetectorOptions>(HighResolutionDetectorSection, DetectionProfile.HighResolution.ToString());
        services.AddOptions<RiderAssociationOptions>().BindConfiguration(RoadUsersSection).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(provider => new SafeImageDecoder(provider.GetRequiredService<IOptions<ImageLimits>>().Value));
        services.AddSingleton(provider =>
        {
            var detectorOptions = provider.GetRequiredService<IOptionsMonitor<DetectorOptions>>();
            var standard = LoadDetector(provider, detectorOptions.Get(DetectionProfile.Standard.ToString()));
            var highResolution = LoadDetector(provider, detectorOptions.Get(DetectionProfile.HighResolution.ToString()));
            if (!standard.Classes.Names.SequenceEqual(highResolution.Classes.Names))
            {
                // Their passes are merged box by box: every high-resolution analysis failed at run time instead.
                throw new OptionsValidationException(HighResolutionDetectorSection, typeof(DetectorOptions),
                    [$"{HighResolutionDetectorSection}:ClassNames: the high-resolution detector's {highResolution.Classes.Names.Count} classes differ from "
                     + $"{StandardDetectorSection}'s {standard.Classes.Names.Count}; the two must detect the same classes in the same order"]);
            }

            return new DetectorSet(standard, highResolution, riderOptions: provider.GetRequiredService<IOptions<RiderAssociationOptions>>().Value);
        });
        services.AddSingleton<PhotoAnalyzer>();
        return services;
    }

    /// <summary>A detector on the shared session of its model file (thresholds and canvas are the detector's own).</summary>
    public static ObjectDetector LoadDetector(IServiceProvider provider, DetectorOptions options)
    {
        var logger = provider.GetRequiredService<ILogger<DetectorSet>>();
        var detector = new ObjectDetector(options, provider.SessionFor(options.ModelPath, options.Inference));
        ServiceLog.DetectorLoaded(logger, detector.Model.Name, detector.Model.Sha256, detector.ExecutionProvider,
            detector.HasDynamicInput, options.InputSize, detector.Session.OutputBinding);
        return detector;
    }
}
