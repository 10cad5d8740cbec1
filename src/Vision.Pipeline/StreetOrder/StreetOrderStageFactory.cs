using Vision.Domain.Violations;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.StreetOrder;

/// <summary>Gives each camera whose scene has sidewalk, no-parking or road zones its own street-order stage.</summary>
public sealed class StreetOrderStageFactory(
    IReadOnlyDictionary<string, Scene> scenesByCamera,
    LegalTable legal,
    IZoneOccupancySink? occupancy = null)
{
    /// <param name="violations">Where the camera's slow cases go (an <see cref="ISlowCaseSink"/> takes their time-lapse frames).</param>
    /// <returns>The camera's street-order stage, or null when its scene has no sidewalk, no-parking or road zone.</returns>
    public StreetOrderStage? Create(CameraStageContext camera, IViolationSink violations) =>
        scenesByCamera.TryGetValue(camera.Camera.Id, out var scene) && StreetOrderStage.AppliesTo(scene)
            ? new StreetOrderStage(camera.Camera.Id, scene, new StreetOrderClasses(camera.Classes, scene.Document.Rules), legal, camera.History, violations, occupancy)
            : null;
}
