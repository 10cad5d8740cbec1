using Vision.Domain.Violations;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Rules;

/// <summary>Makes each camera with a scene its own rule stage (own track state, own light smoothers).</summary>
public sealed class RuleStageFactory(IReadOnlyDictionary<string, Scene> scenesByCamera, LegalTable legal)
{
    /// <param name="violations">Where the camera's rules hand what they raise (the camera's evidence, log and events).</param>
    /// <returns>The camera's rule stage, or null when the camera has no scene.</returns>
    public RuleStage? Create(CameraStageContext camera, IViolationSink violations)
    {
        if (!scenesByCamera.TryGetValue(camera.Camera.Id, out var scene))
        {
            return null;
        }

        var classes = new RuleClasses(camera.Classes, scene.Document.Rules.AnimalClasses);
        var engine = new RuleEngine(camera.Camera.Id, scene, classes, legal, new TrafficLightBoard(scene.Document.Lights),
            camera.Camera.ExpectedFramesPerSecond);
        return new RuleStage(engine, violations, classes.TrafficLightClassId);
    }
}
