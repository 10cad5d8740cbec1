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
        var clock = new StageClock();
        var exif = _exifReader.Read(encoded.Span);
        if (exif.Rejection is not null)
        {
            return new PhotoTriageOutcome(null, null, exif.Rejection);
        }

        var metadataTime = clock.Lap();
        ImageDecodeResult decoded;
        using (var span = PipelineTracing.StartDecode(SpanNames.PhotoDecode))
        {
            decoded = _decoder.Decode(encoded.Span);
            PipelineTracing.Decoded(span, decoded);
        }

        if (decoded.Rejection is not null)
        {
            return new PhotoTriageOutcome(null, decoded.Rejection, null);
        }

        using var image = decoded.Image!;
        var decodeTime = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();
        PhotoDetections detections;
        List<TriageObject> objects;
        using (var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoDetect))
        {
            detections = _detectors.Detect(image.Pixels, _options.DetectionProfile);
            objects = ToObjects(image.Pixels, detections);
            PhotoDetectSpan.Tag(span, _options.DetectionProfile, detections);
        }

        var detectionTime = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();
        PhotoPlates photoPlates;
        using (var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoPlates))
        {
            photoPlates = _plates.ReadAll(image.Pixels, AsOneRun(detections));
            span?.SetTag(SpanAttributes.PlateReadCount, photoPlates.Reads.Count)
                .SetTag(SpanAttributes.ModelName, string.Join(',', _plates.Models.Select(model => model.Name)));
        }

        var plates = photoPlates.Reads;
        var platesTime = clock.Lap();
        // Quality, the duplicate search, the publishable copy and the score: everything the verdict rests on.
        using var verdict = PipelineTracing.Source.StartActivity(SpanNames.PhotoVerdict);
        var quality = PhotoQualityMeter.Measure(image.Pixels, _options.QualityLongSidePixels);
        var qualityTime = clock.Lap();
        var fingerprint = PhotoFingerprint.Of(image.Pixels);
        var fingerprintTime = clock.Lap();

        var reportedAt = metadata.ReportedAt ?? _time.GetUtcNow();
        var position = metadata.ReportedPosition ?? exif.Facts.Position;
        var (duplicates, duplicateReason) = await _duplicates.EvaluateAsync(fingerprint, position, reportedAt, metadata.ReportId, cancellationToken);
        var duplicateTime = clock.Lap();

        var obscuredPlates = UninvolvedPlates.Select(photoPlates, metadata.Category, objects, _options.MinEvidenceScore);
        using var redacted = _redactor.Redact(image.Pixels, obscuredPlates);
        Cv2.ImEncode(".jpg", redacted.Image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, _options.PrivacyCopyJpegQuality));
        var redactionTime = clock.Lap();

        TriageReason[] reasons =
        [
            SharpnessCheck.Evaluate(quality, _options.MinLaplacianVariance),
            ExposureCheck.Evaluate(quality, _options.MinMeanLuma, _options.MaxBrightFraction),
            ResolutionCheck.Evaluate(quality, _options.MinUsefulShortSidePixels),
            CaptureTimeCheck.Evaluate(exif.Facts, metadata.ReportedAt, _options),
            CapturePositionCheck.Evaluate(exif.Facts, metadata.ReportedPosition, _options.MaxCapturePositionDistanceKm),
            duplicateReason,
            CategorySupportCheck.Evaluate(metadata.Category, objects, _options.MinEvidenceScore),
        ];

        if (_options.RecordReportedPhotos && !string.IsNullOrWhiteSpace(metadata.ReportId))
        {
            await _index.AddAsync(
                new IndexedReportPhoto(metadata.ReportId, fingerprint.ToBytes(), position?.Latitude, position?.Longitude, reportedAt), cancellationToken);
        }

        var legitimacy = LegitimacyScore.Of(reasons);
        verdict?.SetTag(SpanAttributes.LegitimacyScore, legitimacy).SetTag(SpanAttributes.ReasonCount, reasons.Length)
            .SetTag(SpanAttributes.LoweredBy, string.Join(',', reasons.Where(reason => reason.Effect < 0).Select(reason => reason.Code)));
        var timings = new TriageTimings(metadataTime, decodeTime, detectionTime, platesTime, qualityTime, fingerprintTime, duplicateTime,
            redactionTime, clock.Total);
        var result = new PhotoTriageResult(
            image.Header,
            image.Width,
            image.Height,
            exif.Facts,
            objects,
            plates,
            quality,
            fingerprint,
            duplicates,
            CategorySupportCheck.Suggest(objects, _options.MinEvidenceScore),
            legitimacy,
            reasons,
            new PrivacySafeCopy(jpeg, redacted.Faces.Count, obscuredPlates),
            [.. detections.Runs.Select(run => run.Model).Concat(_plates.Models).Append(_redactor.FaceModel).Distinct()],
            timings);
        return new PhotoTriageOutcome(result, null, null);
    }

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
