using System.Diagnostics;
using OpenCvSharp;
using Vision.Domain.Triage;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Tracing;
using Vision.Pipeline.Triage.Categories;
using Vision.Pipeline.Triage.Duplicates;
using Vision.Pipeline.Triage.Exif;
using Vision.Pipeline.Triage.Quality;

namespace Vision.Pipeline.Triage;

/// <summary>
/// Triage of one citizen photo for the report backend: metadata checked and read (EXIF bombs refused before any
/// decoder runs), safe decode with EXIF orientation applied, objects (both detector passes), plates read with the
/// configured grammar, quality, a perceptual fingerprint searched among recent reports nearby, the checks with their
/// reasons, the legitimacy score and the publishable copy. Thread-safe: every model it uses is.
/// </summary>
public sealed class PhotoTriage
{
    private readonly TriageOptions _options;
    private readonly JpegExifReader _exifReader;
    private readonly SafeImageDecoder _decoder;
    private readonly DetectorSet _detectors;
    private readonly PlatePhotoReader _plates;
    private readonly PrivacyRedactor _redactor;
    private readonly IReportPhotoIndex _index;
    private readonly DuplicateCheck _duplicates;
    private readonly TimeProvider _time;
    private readonly ITrafficLightStateReader? _lightStates;

    /// <param name="plates">Finds and reads plates with the configured grammar (<c>Vision:Plates:Grammar</c>).</param>
    public PhotoTriage(TriageOptions options, DetectorSet detectors, PlatePhotoReader plates,
        PrivacyRedactor redactor, IReportPhotoIndex index, TimeProvider time, ITrafficLightStateReader? lightStates = null)
    {
        _options = options;
        _exifReader = new JpegExifReader(options.Exif, options.AssumedCaptureUtcOffset);
        _decoder = new SafeImageDecoder(options.ImageLimits);
        _detectors = detectors;
        _plates = plates;
        _redactor = redactor;
        _index = index;
        _duplicates = new DuplicateCheck(index, options);
        _time = time;
        _lightStates = lightStates;
    }

    /// <summary>Format and size from the header, checked against triage's limits without decoding (to price the photo before admitting it).</summary>
    public ImageRejection? ReadHeader(ReadOnlySpan<byte> encoded, out ImageHeader? header) => _decoder.ReadHeader(encoded, out header);

    public async Task<PhotoTriageOutcome> TriageAsync(ReadOnlyMemory<byte> encoded, ReportMetadata metadata, CancellationToken cancellationToken)
    {
        // A call given up while it waited for a worker (its deadline passed, the caller left) is not decoded for nobody.
        cancellationToken.ThrowIfCancellationRequested();
        var clock = new StageClock();
        var exif = _exifReader.Read(encoded.Span);
        if (exif.Rejection is not null)
        {
            return new PhotoTriageOutcome(null, null, exif.Rejection);
        }

        var metadataTime = clock.Lap();
        var decoded = Decode(encoded.Span);
        if (decoded.Rejection is not null)
        {
            return new PhotoTriageOutcome(null, decoded.Rejection, null);
        }

        using var image = decoded.Image!;
        var decodeTime = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();
        var (detections, objects) = Detect(image.Pixels);
        var detectionTime = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();
        var photoPlates = ReadPlates(image.Pixels, detections);
        var platesTime = clock.Lap();
        var verdict = await JudgeAsync(image.Pixels, exif.Facts, metadata, objects, photoPlates, clock, cancellationToken);
        var timings = new TriageTimings(metadataTime, decodeTime, detectionTime, platesTime, verdict.QualityTime, verdict.FingerprintTime,
            verdict.DuplicateTime, verdict.RedactionTime, clock.Total);
        var result = Result(image, exif.Facts, objects, detections, photoPlates, verdict, timings);
        return new PhotoTriageOutcome(result, null, null);
    }

    private PhotoTriageResult Result(DecodedImage image, ExifFacts exif, List<TriageObject> objects, PhotoDetections detections,
        PhotoPlates photoPlates, Verdict verdict, TriageTimings timings) => new(
        image.Header,
        image.Width,
        image.Height,
        exif,
        objects,
        photoPlates.Reads,
        verdict.Quality,
        verdict.Fingerprint,
        verdict.Duplicates,
        CategorySupportCheck.Suggest(objects, _options.MinEvidenceScore),
        verdict.Legitimacy,
        verdict.Reasons,
        verdict.PrivacyCopy,
        [.. detections.Runs.Select(run => run.Model).Concat(_plates.Models).Append(_redactor.FaceModel).Distinct()],
        timings);

    private ImageDecodeResult Decode(ReadOnlySpan<byte> encoded)
    {
        using var span = PipelineTracing.StartDecode(SpanNames.PhotoDecode);
        var decoded = _decoder.Decode(encoded);
        PipelineTracing.Decoded(span, decoded);
        return decoded;
    }

    private (PhotoDetections Detections, List<TriageObject> Objects) Detect(Mat photo)
    {
        using var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoDetect);
        var detections = _detectors.Detect(photo, _options.DetectionProfile);
        var objects = ToObjects(photo, detections);
        PhotoDetectSpan.Tag(span, _options.DetectionProfile, detections);
        return (detections, objects);
    }

    private PhotoPlates ReadPlates(Mat photo, PhotoDetections detections)
    {
        using var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoPlates);
        var plates = _plates.ReadAll(photo, AsOneRun(detections));
        span?.SetTag(SpanAttributes.PlateReadCount, plates.Reads.Count)
            .SetTag(SpanAttributes.ModelName, string.Join(',', _plates.Models.Select(model => model.Name)));
        return plates;
    }

    /// <summary>Quality, the duplicate search, the publishable copy and the score: everything the verdict rests on.</summary>
    private async Task<Verdict> JudgeAsync(Mat photo, ExifFacts exif, ReportMetadata metadata, List<TriageObject> objects, PhotoPlates photoPlates,
        StageClock clock, CancellationToken cancellationToken)
    {
        using var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoVerdict);
        var quality = PhotoQualityMeter.Measure(photo, _options.QualityLongSidePixels);
        var qualityTime = clock.Lap();
        var fingerprint = PhotoFingerprint.Of(photo);
        var fingerprintTime = clock.Lap();

        // To the millisecond, as the index keeps it: two reports in one millisecond are then the same instant, and the
        // tie rule makes only one of them the duplicate.
        var reportedAt = DateTimeOffset.FromUnixTimeMilliseconds((metadata.ReportedAt ?? _time.GetUtcNow()).ToUnixTimeMilliseconds());
        var position = metadata.ReportedPosition ?? exif.Position;
        // Indexed before the search: of two copies triaged at once, each then sees the other, and only a report made
        // before this one makes it a duplicate, so the later report is the duplicate whichever search runs first.
        if (_options.RecordReportedPhotos && !string.IsNullOrWhiteSpace(metadata.ReportId))
        {
            await _index.AddAsync(
                new IndexedReportPhoto(metadata.ReportId, fingerprint.ToBytes(), position?.Latitude, position?.Longitude, reportedAt), cancellationToken);
        }

        var (duplicates, duplicateReason) = await _duplicates.EvaluateAsync(fingerprint, position, reportedAt, metadata.ReportId, cancellationToken);
        var duplicateTime = clock.Lap();

        var privacyCopy = WritePrivacySafeCopy(photo, photoPlates, metadata, objects);
        var redactionTime = clock.Lap();

        TriageReason[] reasons =
        [
            SharpnessCheck.Evaluate(quality, _options.MinLaplacianVariance),
            ExposureCheck.Evaluate(quality, _options.MinMeanLuma, _options.MaxBrightFraction),
            ResolutionCheck.Evaluate(quality, _options.MinUsefulShortSidePixels),
            CaptureTimeCheck.Evaluate(exif, metadata.ReportedAt, _options),
            CapturePositionCheck.Evaluate(exif, metadata.ReportedPosition, _options.MaxCapturePositionDistanceKm),
            duplicateReason,
            CategorySupportCheck.Evaluate(metadata.Category, objects, _options.MinEvidenceScore),
        ];

        var legitimacy = LegitimacyScore.Of(reasons);
        span?.SetTag(SpanAttributes.LegitimacyScore, legitimacy).SetTag(SpanAttributes.ReasonCount, reasons.Length)
            .SetTag(SpanAttributes.LoweredBy, string.Join(',', reasons.Where(reason => reason.Effect < 0).Select(reason => reason.Code)));
        return new Verdict(quality, fingerprint, duplicates, reasons, legitimacy, privacyCopy, qualityTime, fingerprintTime, duplicateTime, redactionTime);
    }

    /// <summary>The copy that may be published: faces and the plates of uninvolved vehicles obscured.</summary>
    private PrivacySafeCopy WritePrivacySafeCopy(Mat photo, PhotoPlates photoPlates, ReportMetadata metadata, List<TriageObject> objects)
    {
        var obscuredPlates = UninvolvedPlates.Select(photoPlates, metadata.Category, objects, _options.MinEvidenceScore);
        using var redacted = _redactor.Redact(photo, obscuredPlates);
        var quality = _options.PrivacyCopyJpegQuality;
        Cv2.ImEncode(".jpg", redacted.Image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        while (jpeg.Length > _options.PrivacyCopyMaxBytes && quality > LowestPrivacyCopyQuality)
        {
            quality = Math.Max(LowestPrivacyCopyQuality, quality - 10);
            Cv2.ImEncode(".jpg", redacted.Image, out jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        }

        var (width, height) = (redacted.Image.Width, redacted.Image.Height);
        while (jpeg.Length > _options.PrivacyCopyMaxBytes && Math.Min(width, height) > 64)
        {
            // A JPEG's size grows about with its pixels: shrink by the ratio's square root, and a tenth more.
            var scale = Math.Sqrt((double)_options.PrivacyCopyMaxBytes / jpeg.Length) * 0.9;
            (width, height) = (Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));
            using var smaller = redacted.Image.Resize(new Size(width, height), 0, 0, InterpolationFlags.Area);
            Cv2.ImEncode(".jpg", smaller, out jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        }

        return new PrivacySafeCopy(jpeg, redacted.Faces.Count, obscuredPlates) { Width = width, Height = height };
    }

    private const int LowestPrivacyCopyQuality = 55;

    /// <summary>The merged detections as one run (both passes share the COCO class list), for the plate finder.</summary>
    private static DetectionResult AsOneRun(PhotoDetections detections) =>
        detections.Runs[0] with { Detections = [.. detections.Objects.Select(found => found.Detection)] };

    private List<TriageObject> ToObjects(Mat photo, PhotoDetections detections) =>
    [
        .. detections.Objects.Select(found =>
        {
            var className = detections.ClassNameOf(found);
            var kind = EvidenceKinds.Of(className);
            var lightState = kind == TriageObjectKind.TrafficLight ? _lightStates?.Read(photo, found.Detection.Box) : null;
            return new TriageObject(className, kind, found.Detection.Confidence, found.Detection.Box, detections.Runs[found.RunIndex].Model, lightState);
        }),
    ];

    private sealed record Verdict(
        PhotoQuality Quality,
        PhotoFingerprint Fingerprint,
        IReadOnlyList<DuplicateMatch> Duplicates,
        TriageReason[] Reasons,
        double Legitimacy,
        PrivacySafeCopy PrivacyCopy,
        TimeSpan QualityTime,
        TimeSpan FingerprintTime,
        TimeSpan DuplicateTime,
        TimeSpan RedactionTime);

    /// <summary>Times consecutive stages.</summary>
    private sealed class StageClock
    {
        private readonly long _start = Stopwatch.GetTimestamp();
        private long _last;

        public StageClock()
        {
            _last = _start;
        }

        public TimeSpan Total => Stopwatch.GetElapsedTime(_start);

        public TimeSpan Lap()
        {
            var now = Stopwatch.GetTimestamp();
            var lap = Stopwatch.GetElapsedTime(_last, now);
            _last = now;
            return lap;
        }
    }
}
