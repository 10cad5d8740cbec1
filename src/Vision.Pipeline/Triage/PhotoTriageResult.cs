using Vision.Domain.Inference;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Triage.Categories;
using Vision.Pipeline.Triage.Duplicates;
using Vision.Pipeline.Triage.Exif;
using Vision.Pipeline.Triage.Quality;

namespace Vision.Pipeline.Triage;

/// <summary>
/// What triage made of one citizen photo. Boxes are in the pixels of the upright photo (<see cref="Width"/> ×
/// <see cref="Height"/>, EXIF orientation applied). <see cref="PrivacySafeJpeg"/> is the upright photo with faces and
/// the plates of uninvolved vehicles obscured; <see cref="Models"/> names every model that ran, with its SHA-256.
/// </summary>
public sealed record PhotoTriageResult(
    ImageHeader Header,
    int Width,
    int Height,
    ExifFacts Exif,
    IReadOnlyList<TriageObject> Objects,
    IReadOnlyList<PhotoPlateRead> Plates,
    PhotoQuality Quality,
    PhotoFingerprint Fingerprint,
    IReadOnlyList<DuplicateMatch> Duplicates,
    IReadOnlyList<CategorySuggestion> SuggestedCategories,
    double LegitimacyScore,
    IReadOnlyList<TriageReason> Reasons,
    PrivacySafeCopy PrivacySafeCopy,
    IReadOnlyList<ModelIdentity> Models,
    TriageTimings Timings)
{
    public bool HasReason(string code) => Reasons.Any(reason => reason.Code == code);
}
