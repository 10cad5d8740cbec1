using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vision.Service.Grpc.Errors;

/// <summary>INVALID_ARGUMENT for one request field, with google.rpc.ErrorInfo and BadRequest naming it.</summary>
public static class FieldError
{
    public static RpcException Create(string fieldName, string reason, string message)
    {
        var errorInfo = new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = reason, Metadata = { ["field"] = fieldName } };
        var badRequest = new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = fieldName, Description = message } } };
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = BoundedStatus.Clip(message, BoundedStatus.MaxMessageLength),
            Details = { Any.Pack(errorInfo), Any.Pack(badRequest) },
        }.ToRpcException();
    }
}
