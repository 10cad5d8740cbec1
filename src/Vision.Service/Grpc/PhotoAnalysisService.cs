using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vision.Contracts.V1;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Exif;
using Vision.Service.Admission;
using Vision.Service.Hosting;
using Vision.Service.Security;

namespace Vision.Service.Grpc;

/// <summary>vision.v1.PhotoAnalysis: one photo in, objects out, with the model that found them; and citizen photo triage.</summary>
[Authorize(Roles = RpcRoles.PhotoAnalysis)]
[EnableRateLimiting(PhotoRateLimits.Policy)]
public sealed partial class PhotoAnalysisService(
    PhotoAnalyzer analyzer,
    PhotoTriage triage,
    SafeImageDecoder decoder,
    PhotoAdmission admission,
    PhotoWorkers workers,
    IOptions<VisionOptions> options,
    IOptions<TriageOptions> triageOptions,
    TimeProvider time,
    ILogger<PhotoAnalysisService> logger) : Contracts.V1.PhotoAnalysis.PhotoAnalysisBase
{
    // The same bounded reader triage uses: metadata bombs are refused before any decoder parses the file.
    private readonly JpegExifReader _metadataGuard = new(triageOptions.Value.Exif, triageOptions.Value.AssumedCaptureUtcOffset);

    public override async Task<AnalyzePhotoResponse> AnalyzePhoto(AnalyzePhotoRequest request, ServerCallContext context)
    {
        var profile = request.Resolution switch
        {
            DetectionResolution.Standard => DetectionProfile.Standard,
            DetectionResolution.High => DetectionProfile.HighResolution,
            DetectionResolution.Unspecified => options.Value.PhotoAnalysis.DefaultProfile,
            _ => throw ClientText.Invalid("resolution", $"unknown value {(int)request.Resolution}; STANDARD, HIGH or unset (the service's default)"),
        };

        PhotoTriageMapping.RequireMetadataText(request.Metadata);
        if (_metadataGuard.Read(request.Image.Span).Rejection is { } metadataRejection)
        {
            MetadataRefused(logger, metadataRejection.Reason, metadataRejection.Message);
            throw PhotoTriageMapping.ToRpcException(metadataRejection);
        }

        // Priced by what its header claims, refused from the header alone, before it takes a place among the photos in flight.
        var header = ReadHeaderOrRefuse(decoder.ReadHeader(request.Image.Span, out var claimed), claimed, "image");
        using var ticket = await admission.EnterAsync(nameof(AnalyzePhoto), header.Pixels, request.Image.Length, context.Deadline, context.CancellationToken);
        var outcome = await workers.RunAsync(nameof(AnalyzePhoto), () => analyzer.Analyze(request.Image.Span, profile, context.CancellationToken));
        if (outcome.Rejection is { } rejection)
        {
            ServiceLog.PhotoRejected(logger, rejection.Reason, rejection.Message);
            throw ImageRejectionStatus.ToRpcException(rejection, "image");
        }

        var response = PhotoAnalysisMapping.ToResponse(outcome.Result!);
        response.ReportId = request.Metadata?.ReportId ?? string.Empty;
        return response;
    }

    public override async Task<TriagePhotoResponse> TriagePhoto(TriagePhotoRequest request, ServerCallContext context)
    {
        var metadata = PhotoTriageMapping.ToMetadata(request.Metadata, time.GetUtcNow());
        if (_metadataGuard.Read(request.Image.Span).Rejection is { } metadataRejection)
        {
            MetadataRefused(logger, metadataRejection.Reason, metadataRejection.Message);
            throw PhotoTriageMapping.ToRpcException(metadataRejection);
        }

        var header = ReadHeaderOrRefuse(triage.ReadHeader(request.Image.Span, out var claimed), claimed, PhotoTriageMapping.ImageField);
        using var ticket = await admission.EnterAsync(nameof(TriagePhoto), header.Pixels, request.Image.Length, context.Deadline, context.CancellationToken);
        var outcome = await workers.RunAsync(nameof(TriagePhoto), () => triage.TriageAsync(request.Image.Memory, metadata, context.CancellationToken));
        if (outcome.ImageRejection is { } rejection)
        {
            ServiceLog.PhotoRejected(logger, rejection.Reason, rejection.Message);
            throw ImageRejectionStatus.ToRpcException(rejection, PhotoTriageMapping.ImageField);
        }

        if (outcome.ExifRejection is { } exifRejection)
        {
            MetadataRefused(logger, exifRejection.Reason, exifRejection.Message);
            throw PhotoTriageMapping.ToRpcException(exifRejection);
        }

        var result = outcome.Result!;
        Triaged(logger, metadata.ReportId ?? "(none)", result.LegitimacyScore, result.Reasons.Count, result.Timings.Total.TotalMilliseconds);
        return PhotoTriageMapping.ToResponse(result, request.Metadata?.ReportId ?? string.Empty);
    }

    private ImageHeader ReadHeaderOrRefuse(ImageRejection? rejection, ImageHeader? header, string fieldName)
    {
        if (rejection is null)
        {
            return header!;
        }

        ServiceLog.PhotoRejected(logger, rejection.Reason, rejection.Message);
        throw ImageRejectionStatus.ToRpcException(rejection, fieldName);
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Photo metadata refused: {Reason} ({Detail})")]
    private static partial void MetadataRefused(ILogger logger, ExifRejectionReason reason, string detail);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Information,
        Message = "Report photo {ReportId} triaged: legitimacy {Score:F2} from {ReasonCount} reasons in {TotalMilliseconds:F0} ms")]
    private static partial void Triaged(ILogger logger, string reportId, double score, int reasonCount, double totalMilliseconds);
}
