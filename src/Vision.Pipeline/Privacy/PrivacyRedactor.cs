using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Privacy;

/// <summary>
/// Produces the copy of an image that may be shown outside the police: every face the detector finds (at a lower,
/// more cautious threshold than it reports with) and every extra region the caller names (plates of vehicles not
/// involved) obscured. The original is never changed.
/// </summary>
public sealed class PrivacyRedactor(FaceDetector faces, float faceScoreThreshold = PrivacyRedactor.DefaultFaceScoreThreshold)
{
    /// <summary>Below the detector's reporting threshold on purpose: blurring a non-face costs little, missing a face does not.</summary>
    public const float DefaultFaceScoreThreshold = 0.35f;

    public ModelIdentity FaceModel => faces.Model;

    /// <param name="searchFaceTiles">Also search a large image's tiles for small faces (<see cref="FaceDetectorOptions.DetailLongSide"/>);
    /// false for the frames of a clip, where it would cost more than the rest of the package.</param>
    public RedactedImage Redact(Mat bgrImage, IEnumerable<BoundingBox> otherRegions, bool searchFaceTiles = true)
    {
        ArgumentNullException.ThrowIfNull(bgrImage);
        var found = faces.Detect(bgrImage, faceScoreThreshold, searchFaceTiles);
        var copy = bgrImage.Clone();
        try
        {
            var faceRects = RegionObscurer.Obscure(copy, found.Select(face => face.Box));
            var otherRects = RegionObscurer.Obscure(copy, otherRegions);
            return new RedactedImage(copy, faceRects, otherRects);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }
}
