using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
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
        services.AddValidatedSection<TrackerOptions>("Vision:Tracker");
        services.AddValidatedSection<SupervisorOptions>("Vision:Supervisor");
        services.AddValidatedSection<DetectorOptions>(StreamDetectorSection, StreamDetectorSection);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<IngestStreamLeases>();
        services.AddSingleton(_ => new CameraRegistry(ReadCameras(configuration)));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<DetectorOptions>>().Get(StreamDetectorSection);
            var detector = PipelineRegistration.LoadDetector(provider, options);
            return new StreamDetector(detector, options.Batching.Enabled ? new BatchingDetector(detector, options.Batching) : detector);
        });
        services.AddSingleton<CameraPipelineFactory>();
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<CameraRegistry>();
            var factory = provider.GetRequiredService<CameraPipelineFactory>();
            var time = provider.GetRequiredService<TimeProvider>();
            var cameras = registry.All.Where(c => c.Enabled).Select(factory.Create).ToList();
            // In cluster mode a camera's source is read by the node that owns the camera, not by every node.
            var sources = Cluster.ClusterOptions.IsEnabled(configuration)
                ? []
                : cameras.Where(c => c.Definition.Source is not null)
                    .Select(c => new VideoSource(c.Definition.Source!, c, Directory.GetCurrentDirectory(), time)).ToList();
            return new CameraSupervisor(cameras, sources, provider.GetRequiredService<IOptions<SupervisorOptions>>().Value,
                provider.GetRequiredService<PipelineMetrics>(), time, provider.GetRequiredService<ILogger<CameraSupervisor>>());
        });
        services.AddHostedService(provider =>
            new CameraHostedService(provider.GetRequiredService<CameraSupervisor>(), provider.GetRequiredService<EvidenceHostedService>(),
                provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<CameraHostedService>>()));
        return services;
    }

    /// <summary>Room a frame's message takes beside its JPEG (sequence, time, field tags).</summary>
    private const int FrameMessageOverhead = 1024;

    private static List<CameraDefinition> ReadCameras(IConfiguration configuration)
    {
        var messageLimit = SectionValidation.ReadNow<GrpcOptions>(configuration, GrpcOptions.Section).MaxReceiveMessageBytes;
        var problems = new List<string>();
        // Bound one entry at a time: bound as a list, an entry with a value the binder cannot read ("Latitude": "16,4637",
        // "Enabled": "yes") was left out without a word, and its camera never ran.
        var cameras = new List<CameraDefinition>();
        var keys = new List<string>();
        foreach (var entry in configuration.GetSection("Vision:Cameras").GetChildren())
        {
            try
            {
                if (entry.Get<CameraDefinition>() is { } read)
                {
                    cameras.Add(read);
                    keys.Add(entry.Path);
                }
            }
            catch (InvalidOperationException unreadable)
            {
                problems.Add($"{entry.Path}: {unreadable.Message}");
            }
        }

        for (var index = 0; index < cameras.Count; index++)
        {
            var camera = cameras[index];
            var key = keys[index];
            problems.AddRange(SectionValidation.Failures(camera, key).Select(failure => $"camera '{camera.Id}': {failure}"));
            if (camera.Source is { Uri.Length: 0 })
            {
                problems.Add($"camera '{camera.Id}': {key}:Source:Uri is empty");
            }

            // A gateway is promised frames up to MaxFrameBytes (StreamAccepted); one the gRPC server cannot read would
            // end the stream instead of being answered TOO_LARGE. (A camera with its own source takes no gRPC frames.)
            if (camera.Enabled && camera.Source is null && (long)camera.MaxFrameBytes + FrameMessageOverhead > messageLimit)
            {
                problems.Add($"camera '{camera.Id}': {key}:MaxFrameBytes ({camera.MaxFrameBytes}) leaves no room in a gRPC message of " +
                    $"{GrpcOptions.Section}:MaxReceiveMessageBytes ({messageLimit}); lower it or raise the message limit");
            }
        }

        return problems.Count == 0
            ? cameras
            : throw new OptionsValidationException("Vision:Cameras", typeof(CameraDefinition), problems);
    }
}

/// <summary>
/// The detector all camera pipelines share (low confidence threshold: the tracker's second stage needs weak boxes), and
/// what the cameras call: the detector itself, or a <see cref="BatchingDetector"/> over it.
/// </summary>
public sealed record StreamDetector(ObjectDetector Detector, IFrameDetector Frames) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Frames is BatchingDetector batching ? batching.DisposeAsync() : ValueTask.CompletedTask;
}
