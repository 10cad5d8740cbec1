using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// The scenes of every enabled camera, loaded and validated together at start-up. A camera's
/// <see cref="CameraDefinition.SceneConfiguration"/> names a file in the scene directory (".json" added when missing);
/// an empty value means the camera runs no rules.
/// </summary>
public static class SceneCatalog
{
    public static (IReadOnlyDictionary<string, Scene> ScenesByCamera, IReadOnlyList<SceneProblem> Problems) Load(
        IEnumerable<CameraDefinition> cameras, string sceneDirectory, ObjectClasses classes, bool helmetModelAvailable)
    {
        var loader = new SceneLoader(classes, helmetModelAvailable);
        var scenes = new Dictionary<string, Scene>(StringComparer.Ordinal);
        var problems = new List<SceneProblem>();
        foreach (var camera in cameras.Where(c => c.Enabled && !string.IsNullOrWhiteSpace(c.SceneConfiguration)))
        {
            var name = camera.SceneConfiguration.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? camera.SceneConfiguration
                : camera.SceneConfiguration + ".json";
            var result = loader.Load(Path.Combine(sceneDirectory, name));
            // Several cameras may share a scene file, and a missing file names no camera: say whose scene it is.
            problems.AddRange(result.Problems.Select(problem => problem with { File = $"{problem.File} (the scene of camera '{camera.Id}')" }));
            if (result.Scene is { } scene)
            {
                scenes[camera.Id] = scene;
            }
        }

        return (scenes, problems);
    }
}
