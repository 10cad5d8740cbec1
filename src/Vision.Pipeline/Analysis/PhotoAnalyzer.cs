using System.Diagnostics;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Tracing;

namespace Vision.Pipeline.Analysis;

/// <summary>Analyses one encoded photo: safe decode, then detection with the requested profile.</summary>
public sealed class PhotoAnalyzer
{
    private readonly SafeImageDecoder _decoder;
    private readonly DetectorSet _detectors;

    public PhotoAnalyzer(SafeImageDecoder decoder, DetectorSet detectors)
    {
        _decoder = decoder;
        _detectors = detectors;
    }

    public DetectorSet Detectors => _detectors;

    public PhotoAnalysisOutcome Analyze(ReadOnlySpan<byte> encoded, DetectionProfile profile, CancellationToken cancellationToken = default)
    {
        // A call given up while it waited for a worker (its deadline passed, the caller left) is not decoded for nobody.
        cancellationToken.ThrowIfCancellationRequested();
        var start = Stopwatch.GetTimestamp();
        ImageDecodeResult decoded;
        using (var span = PipelineTracing.StartDecode(SpanNames.PhotoDecode))
        {
            decoded = _decoder.Decode(encoded);
            PipelineTracing.Decoded(span, decoded);
        }

        if (decoded.Rejection is not null)
        {
            return new PhotoAnalysisOutcome(null, decoded.Rejection);
        }

        using var image = decoded.Image!;
        var decodeTime = Stopwatch.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();
        PhotoDetections detections;
        using (var span = PipelineTracing.Source.StartActivity(SpanNames.PhotoDetect))
        {
            detections = _detectors.Detect(image.Pixels, profile);
            PhotoDetectSpan.Tag(span, profile, detections);
        }

        var result = new PhotoAnalysisResult(image.Header, image.Width, image.Height, profile, detections, decodeTime);
        return new PhotoAnalysisOutcome(result, null);
    }
}
