using Microsoft.Extensions.Options;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Inference;
using Vision.Pipeline.RoadUsers;

namespace Vision.Service.Hosting;

public static class PipelineRegistration
{
    public const string StandardDetectorSection = "Vision:Detector";
    public const string HighResolutionDetectorSection = "Vision:HighResolutionDetector";
    public const string RoadUsersSection = "Vision:RoadUsers";

    public static IServiceCollection AddVisionPipeline(this IServiceCollection services)
    {
        services.AddOptions<VisionOptions>().BindConfiguration("Vision").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImageLimits>().BindConfiguration("Vision:ImageLimits").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DetectorOptions>(DetectionProfile.Standard.ToString())
            .BindConfiguration(StandardDetectorSection).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DetectorOptions>(DetectionProfile.HighResolution.ToString())
            .BindConfiguration(HighResolutionDetectorSection).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RiderAssociationOptions>().BindConfiguration(RoadUsersSection).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(provider => new SafeImageDecoder(provider.GetRequiredService<IOptions<ImageLimits>>().Value));
        services.AddSingleton(provider =>
        {
            var modelDirectory = ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory);
            var detectorOptions = provider.GetRequiredService<IOptionsMonitor<DetectorOptions>>();
            var logger = provider.GetRequiredService<ILogger<DetectorSet>>();
            var standard = LoadDetector(detectorOptions.Get(DetectionProfile.Standard.ToString()), modelDirectory, logger);
            var highResolution = LoadDetector(detectorOptions.Get(DetectionProfile.HighResolution.ToString()), modelDirectory, logger);
            return new DetectorSet(standard, highResolution, riderOptions: provider.GetRequiredService<IOptions<RiderAssociationOptions>>().Value);
        });
        services.AddSingleton<PhotoAnalyzer>();
        return services;
    }

    public static ObjectDetector LoadDetector(DetectorOptions options, string modelDirectory, ILogger logger)
    {
        var detector = new ObjectDetector(options, modelDirectory);
        ServiceLog.DetectorLoaded(logger, detector.Model.Name, detector.Model.Sha256, detector.ExecutionProvider,
            detector.HasDynamicInput, options.InputSize);
        return detector;
    }
}
