using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Finds licence plates inside one vehicle crop (8-bit BGR); candidates are in crop pixels, best first.</summary>
public interface IPlateLocator
{
    /// <summary>The models this locator runs, recorded with every plate it finds.</summary>
    IReadOnlyList<ModelIdentity> Models { get; }

    IReadOnlyList<PlateCandidate> Locate(Mat vehicleCrop);
}
