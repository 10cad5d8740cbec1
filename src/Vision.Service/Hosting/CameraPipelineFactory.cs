using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.RoadUsers;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;
using Vision.Pipeline.Tracking;

namespace Vision.Service.Hosting;

/// <summary>
/// Builds a camera's pipeline on the shared stream detector with its per-camera stages (plates, rules, evidence): once
/// per camera for the supervisor, and in cluster mode afresh each time this node takes a camera over (tracks restart).
/// </summary>
public sealed class CameraPipelineFactory(IServiceProvider provider)
{
    public CameraPipeline Create(CameraDefinition camera)
    {
        var streamDetector = provider.GetRequiredService<StreamDetector>();
        var trackerOptions = provider.GetRequiredService<IOptions<TrackerOptions>>().Value;
        var riderOptions = provider.GetRequiredService<IOptions<RiderAssociationOptions>>().Value;
        var metrics = provider.GetRequiredService<PipelineMetrics>();
        var time = provider.GetRequiredService<TimeProvider>();
        var stages = new CameraStages(provider.GetRequiredService<RuleStageFactory>(), provider.GetRequiredService<StreetOrderStageFactory>(),
            provider.GetRequiredService<EvidenceRecorder>(), provider.GetRequiredService<ILogger<ViolationEventSink>>());
        return new CameraPipeline(camera, streamDetector.Frames, trackerOptions, metrics, null,
            PlatesFor(camera, streamDetector.Detector.Classes), null, riderOptions, time, stages);
    }

    private PlateStage? PlatesFor(CameraDefinition camera, Vision.Pipeline.ObjectDetection.ObjectClasses classes)
    {
        var plateOptions = provider.GetRequiredService<IOptions<PlateStageOptions>>().Value;
        if (!plateOptions.Enabled)
        {
            return null;
        }

        var models = provider.GetRequiredService<PlateModels>();
        var options = camera.PlateGrammar is { } grammar ? plateOptions.WithGrammar(grammar) : plateOptions;
        return new PlateStage(models.Locator, models.CropReaderFor(options.Grammar), provider.GetRequiredService<Watchlist>(), options, classes);
    }
}
