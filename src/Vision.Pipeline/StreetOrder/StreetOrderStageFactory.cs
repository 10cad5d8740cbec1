using Vision.Domain.Violations;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.StreetOrder;

/// <summary>Gives each camera whose scene has sidewalk, no-parking or road zones its own street-order stage.</summary>
public sealed class StreetOrderStageFactory(
    IReadOnlyDictionary<string, Scene> scenesByCamera,
    LegalTable legal,
    IViolationSink sink,
    IZoneOccupancySink? occupancy = null) : IFrameResultConsumerFactory
{
    public IFrameResultConsumer? Create(CameraStageContext camera) =>
        scenesByCamera.TryGetValue(camera.Camera.Id, out var scene) && StreetOrderStage.AppliesTo(scene)
            ? new StreetOrderStage(camera.Camera.Id, scene, new StreetOrderClasses(camera.Classes, scene.Document.Rules), legal, camera.History, sink, occupancy)
            : null;
}
