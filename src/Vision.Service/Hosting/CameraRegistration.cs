using Microsoft.Extensions.DependencyInjection.Extensions;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.RoadUsers;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;
using Vision.Service.Grpc;

namespace Vision.Service.Hosting;

public static class CameraRegistration
{
    public const string StreamDetectorSection = "Vision:StreamDetector";

    /// <summary>The camera registry, one pipeline per enabled camera on a shared detector, their supervisor and sources.</summary>
    public static IServiceCollection AddVisionCameras(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrackerOptions>().BindConfiguration("Vision:Tracker");
        services.AddOptions<SupervisorOptions>().BindConfiguration("Vision:Supervisor");
        services.AddOptions<DetectorOptions>(StreamDetectorSection).BindConfiguration(StreamDetectorSection).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<IngestStreamLeases>();
        services.AddSingleton(_ => new CameraRegistry(ReadCameras(configuration)));
        services.AddSingleton(provider =>
        {
            var modelDirectory = ModelDirectory.Resolve(provider.GetRequiredService<IOptions<VisionOptions>>().Value.ModelDirectory);
            var options = provider.GetRequiredService<IOptionsMonitor<DetectorOptions>>().Get(StreamDetectorSection);
            return new StreamDetector(PipelineRegistration.LoadDetector(options, modelDirectory, provider.GetRequiredService<ILogger<CameraSupervisor>>()));
        });
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<CameraRegistry>();
            var detector = provider.GetRequiredService<StreamDetector>().Detector;
            var trackerOptions = provider.GetRequiredService<IOptions<TrackerOptions>>().Value;
            var riderOptions = provider.GetRequiredService<IOptions<RiderAssociationOptions>>().Value;
            var metrics = provider.GetRequiredService<PipelineMetrics>();
            var time = provider.GetRequiredService<TimeProvider>();
            var plateOptions = provider.GetRequiredService<IOptions<PlateStageOptions>>().Value;
            // Per-camera stages (rules, evidence) registered by their own Add… extensions.
            var stages = provider.GetServices<IFrameResultConsumerFactory>().ToList();
            PlateStage? PlatesFor(CameraDefinition camera)
            {
                if (!plateOptions.Enabled)
                {
                    return null;
                }

                var models = provider.GetRequiredService<PlateModels>();
                var options = camera.PlateGrammar is { } grammar ? plateOptions.WithGrammar(grammar) : plateOptions;
                return new PlateStage(models.Locator, models.CropReaderFor(options.Grammar), provider.GetRequiredService<Watchlist>(), options, detector.Classes);
            }

            var cameras = registry.All.Where(c => c.Enabled)
                .Select(c => new CameraPipeline(c, detector, trackerOptions, metrics, null, PlatesFor(c), stages, riderOptions, time)).ToList();
            var sources = cameras.Where(c => c.Definition.Source is not null)
                .Select(c => new VideoSource(c.Definition.Source!, c, Directory.GetCurrentDirectory(), time)).ToList();
            return new CameraSupervisor(cameras, sources, provider.GetRequiredService<IOptions<SupervisorOptions>>().Value, metrics, time,
                provider.GetRequiredService<ILogger<CameraSupervisor>>());
        });
        services.AddHostedService<CameraHostedService>();
        return services;
    }

    private static List<CameraDefinition> ReadCameras(IConfiguration configuration)
    {
        var cameras = configuration.GetSection("Vision:Cameras").Get<List<CameraDefinition>>() ?? [];
        var problems = new List<string>();
        foreach (var camera in cameras)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(camera, new ValidationContext(camera), results, validateAllProperties: true))
            {
                problems.AddRange(results.Select(r => $"camera '{camera.Id}': {r.ErrorMessage}"));
            }

            if (camera.Source is { Uri.Length: 0 })
            {
                problems.Add($"camera '{camera.Id}': Source.Uri is empty");
            }
        }

        return problems.Count == 0
            ? cameras
            : throw new OptionsValidationException("Vision:Cameras", typeof(CameraDefinition), problems);
    }
}

/// <summary>The detector all camera pipelines share (low confidence threshold: the tracker's second stage needs weak boxes).</summary>
public sealed record StreamDetector(ObjectDetector Detector);
