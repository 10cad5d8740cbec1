using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vision.Pipeline.Imaging;

namespace Vision.Service.Grpc;

/// <summary>Turns a refused image into INVALID_ARGUMENT with google.rpc.ErrorInfo and BadRequest details.</summary>
public static class ImageRejectionStatus
{
    public const string ErrorDomain = "vision.v1";

    public static RpcException ToRpcException(ImageRejection rejection, string fieldName)
    {
        var errorInfo = new ErrorInfo { Domain = ErrorDomain, Reason = ReasonCode(rejection.Reason) };
        if (rejection.Header is { } header)
        {
            errorInfo.Metadata.Add("format", header.Format);
            errorInfo.Metadata.Add("width", header.Width.ToString());
            errorInfo.Metadata.Add("height", header.Height.ToString());
        }

        var badRequest = new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = fieldName, Description = rejection.Message } },
        };
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = rejection.Message,
            Details = { Any.Pack(errorInfo), Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>The stable reason string clients switch on (documented in common.proto).</summary>
    public static string ReasonCode(ImageRejectionReason reason) => reason switch
    {
        ImageRejectionReason.Empty => "IMAGE_EMPTY",
        ImageRejectionReason.TooManyBytes => "IMAGE_TOO_MANY_BYTES",
        ImageRejectionReason.UnsupportedFormat => "IMAGE_UNSUPPORTED_FORMAT",
        ImageRejectionReason.CorruptHeader => "IMAGE_CORRUPT_HEADER",
        ImageRejectionReason.DimensionsTooLarge => "IMAGE_DIMENSIONS_TOO_LARGE",
        ImageRejectionReason.DimensionsTooSmall => "IMAGE_DIMENSIONS_TOO_SMALL",
        ImageRejectionReason.Truncated => "IMAGE_TRUNCATED",
        ImageRejectionReason.Undecodable => "IMAGE_UNDECODABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
