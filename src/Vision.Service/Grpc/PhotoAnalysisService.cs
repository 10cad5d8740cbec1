using Grpc.Core;
using Microsoft.Extensions.Options;
using Vision.Contracts.V1;
using Vision.Pipeline.Analysis;
using Vision.Service.Hosting;

namespace Vision.Service.Grpc;

/// <summary>vision.v1.PhotoAnalysis: one photo in, objects out, with the model that found them.</summary>
public sealed class PhotoAnalysisService(
    PhotoAnalyzer analyzer,
    IOptions<VisionOptions> options,
    ILogger<PhotoAnalysisService> logger) : Contracts.V1.PhotoAnalysis.PhotoAnalysisBase
{
    public override Task<AnalyzePhotoResponse> AnalyzePhoto(AnalyzePhotoRequest request, ServerCallContext context)
    {
        var profile = request.Resolution switch
        {
            DetectionResolution.Standard => DetectionProfile.Standard,
            DetectionResolution.High => DetectionProfile.HighResolution,
            DetectionResolution.Unspecified => options.Value.PhotoAnalysis.DefaultProfile,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown resolution {(int)request.Resolution}.")),
        };

        var outcome = analyzer.Analyze(request.Image.Span, profile);
        if (outcome.Rejection is { } rejection)
        {
            ServiceLog.PhotoRejected(logger, rejection.Reason, rejection.Message);
            throw ImageRejectionStatus.ToRpcException(rejection, "image");
        }

        var response = PhotoAnalysisMapping.ToResponse(outcome.Result!);
        response.ReportId = request.Metadata?.ReportId ?? string.Empty;
        return Task.FromResult(response);
    }
}
