namespace Vision.Pipeline.Scenes;

/// <summary>One thing wrong with a scene file: which file, which element (a path like <c>Zones[1] 'sidewalk'.Polygon[3]</c>) and what.</summary>
public sealed record SceneProblem(string File, string Element, string Problem)
{
    public override string ToString() => $"{File}: {Element}: {Problem}";
}
