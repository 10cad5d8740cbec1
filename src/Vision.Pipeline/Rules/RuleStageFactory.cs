using Vision.Domain.Violations;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Rules;

/// <summary>Makes each camera with a scene its own rule stage (own track state, own light smoothers).</summary>
/// <param name="cameraAttached">Told of each camera that gets a rule stage (the event sink needs the camera's hub).</param>
public sealed class RuleStageFactory(
    IReadOnlyDictionary<string, Scene> scenesByCamera,
    LegalTable legal,
    IViolationSink sink,
    Action<string, CameraEventHub>? cameraAttached = null) : IFrameResultConsumerFactory
{
    public IFrameResultConsumer? Create(CameraStageContext camera)
    {
        if (!scenesByCamera.TryGetValue(camera.Camera.Id, out var scene))
        {
            return null;
        }

        cameraAttached?.Invoke(camera.Camera.Id, camera.Events);
        var classes = new RuleClasses(camera.Classes, scene.Document.Rules.AnimalClasses);
        var engine = new RuleEngine(camera.Camera.Id, scene, classes, legal, new TrafficLightBoard(scene.Document.Lights),
            camera.Camera.ExpectedFramesPerSecond);
        return new RuleStage(engine, sink, classes.TrafficLightClassId);
    }
}
