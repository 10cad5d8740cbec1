using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>The plate-like geometry <see cref="TextPlateLocator"/> keeps text lines by; fractions are of the crop's size.</summary>
public sealed class TextPlateLocatorOptions
{
    /// <summary>Narrowest plate, as a fraction of the crop width.</summary>
    [Range(0.0, 1.0)]
    public float MinimumWidthFraction { get; set; } = 0.04f;

    /// <summary>Widest plate, as a fraction of the crop width (wider text is a sign or an overlay).</summary>
    [Range(0.0, 1.0)]
    public float MaximumWidthFraction { get; set; } = 0.7f;

    [Range(1, 1000)]
    public int MinimumHeightPixels { get; set; } = 6;

    /// <summary>Width over height of a one-line plate's text line.</summary>
    [Range(0.5, 20.0)]
    public float MinimumOneLineAspect { get; set; } = 1.6f;

    [Range(0.5, 20.0)]
    public float MaximumOneLineAspect { get; set; } = 7f;

    /// <summary>Width over height of two stacked lines taken together (Vietnamese motorbike plates are about 1.4).</summary>
    [Range(0.3, 10.0)]
    public float MinimumTwoLineAspect { get; set; } = 0.8f;

    [Range(0.3, 10.0)]
    public float MaximumTwoLineAspect { get; set; } = 3.2f;

    /// <summary>Plates sit below this fraction of the vehicle's height (cars low, motorbikes middle-low).</summary>
    [Range(0.0, 1.0)]
    public float MinimumCenterY { get; set; } = 0.25f;

    /// <summary>A horizontal row of text covering more than this fraction of the crop width is a sign or a burned-in overlay.</summary>
    [Range(0.1, 1.0)]
    public float OverlayRowWidthFraction { get; set; } = 0.6f;

    /// <summary>The detected text is grown by this fraction of its width and height on each side to take in the plate's border.</summary>
    [Range(0.0, 1.0)]
    public float BorderFraction { get; set; } = 0.15f;

    /// <summary>Candidates returned at most, best first (callers take fewer per vehicle, more from a whole photo).</summary>
    [Range(1, 50)]
    public int MaxCandidates { get; set; } = 10;
}
