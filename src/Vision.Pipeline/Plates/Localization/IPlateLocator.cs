using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Finds licence plates inside one vehicle crop (8-bit BGR); candidates are in crop pixels, best first.</summary>
public interface IPlateLocator
{
    /// <summary>The models this locator runs, recorded with every plate it finds.</summary>
    IReadOnlyList<ModelIdentity> Models { get; }

    /// <summary>
    /// How far the camera path grows this locator's boxes (fractions of width left and right, of height above and below)
    /// to hand the reader the <see cref="PlateCrop"/> rule's crop (plate + 10 % each side): a tight box cut as is clips
    /// the first and last characters.
    /// </summary>
    PlateReadingMargin ReadingMargin { get; }

    IReadOnlyList<PlateCandidate> Locate(Mat vehicleCrop);
}
