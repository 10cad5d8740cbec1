using System.ComponentModel.DataAnnotations;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Triage.Exif;

namespace Vision.Pipeline.Triage;

/// <summary>Citizen photo triage settings (bound from <c>Vision:Triage</c>); defaults are calibrated on the sample photos.</summary>
public sealed class TriageOptions
{
    /// <summary>Photos from citizens: up to 50 MP and 25 MB, at least 64 pixels a side.</summary>
    public ImageLimits ImageLimits { get; set; } = new() { MaxEncodedBytes = 25_000_000, MaxPixels = 50_000_000, MaxSide = 12_000, MinSide = 64 };

    public ExifLimits Exif { get; set; } = new();

    public DetectionProfile DetectionProfile { get; set; } = DetectionProfile.HighResolution;

    /// <summary>
    /// The city's UTC offset (Huế is UTC+7 all year): assumed for an EXIF capture time written without
    /// OffsetTimeOriginal, and the time reasons are written in.
    /// </summary>
    public TimeSpan AssumedCaptureUtcOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>Long side of the grey copy that blur and exposure are measured on.</summary>
    [Range(128, 4096)]
    public int QualityLongSidePixels { get; set; } = 1024;

    /// <summary>
    /// Below this variance of the Laplacian (on the normalised grey copy) a photo is called blurred. Calibrated on the
    /// samples: sharp photos measure 128 (zidane.jpg, shallow depth of field) to 4 406; their Gaussian-blurred copies
    /// (σ = long side / 400) 3.6 to 49.
    /// </summary>
    [Range(0.0, 100_000.0)]
    public double MinLaplacianVariance { get; set; } = 100;

    /// <summary>Below this mean luma (0–255) a photo is called too dark.</summary>
    [Range(0.0, 255.0)]
    public double MinMeanLuma { get; set; } = 40;

    /// <summary>Above this fraction of near-white pixels a photo is called blown out.</summary>
    [Range(0.0, 1.0)]
    public double MaxBrightFraction { get; set; } = 0.3;

    /// <summary>Photos whose short side is below this are called low resolution (plates become unreadable).</summary>
    [Range(64, 10_000)]
    public int MinUsefulShortSidePixels { get; set; } = 480;

    /// <summary>EXIF and reported times this close are consistent.</summary>
    public TimeSpan CaptureTimeTolerance { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Beyond this the photo is days old; beyond <see cref="CaptureMonthsApartAfter"/> months old.</summary>
    public TimeSpan CaptureDaysApartAfter { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan CaptureMonthsApartAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>EXIF position and reported position further apart than this are called far.</summary>
    [Range(0.01, 1000.0)]
    public double MaxCapturePositionDistanceKm { get; set; } = 0.5;

    /// <summary>Earlier reports within this radius of the photo are searched for near-duplicates.</summary>
    [Range(1.0, 100_000.0)]
    public double DuplicateRadiusMetres { get; set; } = 300;

    /// <summary>Earlier reports within this window before the report are searched for near-duplicates.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Fingerprints at most this many bits apart (of 64) are near-duplicates. Measured on eight samples: a copy cropped by
    /// 3–4 % a side, shrunk to 60 % and saved at JPEG quality 55 stays within 2–8 bits; different photos are 22 bits or more apart.
    /// </summary>
    [Range(0, 32)]
    public int DuplicateMaxHammingDistance { get; set; } = 10;

    /// <summary>Evidence needs at least this detector score to support a category.</summary>
    [Range(0.0, 1.0)]
    public double MinEvidenceScore { get; set; } = 0.4;

    /// <summary>Add each triaged photo that carries a report id to the index, so later reports are compared with it.</summary>
    public bool RecordReportedPhotos { get; set; } = true;

    [Range(30, 100)]
    public int PrivacyCopyJpegQuality { get; set; } = 85;

    /// <summary>
    /// The privacy-safe copy is encoded at lower quality (to 55), then smaller, until it fits in this many bytes: a gRPC
    /// client's default receive limit is 4 MiB (Grpc.Net.Client, grpcio, grpc-go, grpc-java), and a busy 24 MP photo at
    /// quality 85 is larger; the backend got RESOURCE_EXHAUSTED after the whole triage, at every retry.
    /// </summary>
    [Range(100_000, int.MaxValue)]
    public int PrivacyCopyMaxBytes { get; set; } = 3_000_000;

    /// <summary>Every problem with these settings, nested limits included; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<ValidationResult>();
        foreach (var part in new object[] { this, ImageLimits, Exif })
        {
            Validator.TryValidateObject(part, new ValidationContext(part), problems, validateAllProperties: true);
        }

        var messages = problems.Select(problem => $"Vision:Triage: {problem.ErrorMessage}").ToList();
        if (CaptureTimeTolerance <= TimeSpan.Zero || CaptureDaysApartAfter < CaptureTimeTolerance || CaptureMonthsApartAfter < CaptureDaysApartAfter)
        {
            messages.Add("Vision:Triage: need 0 < CaptureTimeTolerance ≤ CaptureDaysApartAfter ≤ CaptureMonthsApartAfter.");
        }

        if (DuplicateWindow <= TimeSpan.Zero)
        {
            messages.Add("Vision:Triage: DuplicateWindow must be positive.");
        }

        if (AssumedCaptureUtcOffset.Duration() > TimeSpan.FromHours(14))
        {
            messages.Add("Vision:Triage: AssumedCaptureUtcOffset must lie within ±14 hours.");
        }

        return messages;
    }
}
