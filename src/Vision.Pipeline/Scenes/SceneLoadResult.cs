namespace Vision.Pipeline.Scenes;

/// <summary>A loaded scene, or everything that is wrong with its file.</summary>
public sealed record SceneLoadResult(Scene? Scene, IReadOnlyList<SceneProblem> Problems)
{
    public bool Succeeded => Scene is not null;
}
