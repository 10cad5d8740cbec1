using System.Text.Json.Serialization;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A traffic light's housing on the image: a rectangle around its lamps, and how the lamps are laid out.</summary>
public sealed class SceneLight
{
    public string Id { get; init; } = string.Empty;

    [JsonRequired]
    public NormalizedPoint TopLeft { get; init; }

    [JsonRequired]
    public NormalizedPoint BottomRight { get; init; }

    public LampLayout Layout { get; init; } = LampLayout.Vertical;
}
