using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Triage;

/// <summary>The publishable JPEG of a citizen photo, how many faces were obscured in it, and which plates (their boxes).</summary>
public sealed record PrivacySafeCopy(byte[] Jpeg, int FacesObscured, IReadOnlyList<BoundingBox> ObscuredPlates)
{
    public int PlatesObscured => ObscuredPlates.Count;

    /// <summary>The copy's size: the photo's, unless it was made smaller to fit <see cref="TriageOptions.PrivacyCopyMaxBytes"/>.</summary>
    public int Width { get; init; }

    public int Height { get; init; }
}
