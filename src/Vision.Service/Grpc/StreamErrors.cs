using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vision.Service.Grpc;

/// <summary>Failed calls with a google.rpc.ErrorInfo the client can switch on (reasons documented in the .proto files).</summary>
public static class StreamErrors
{
    public static RpcException Create(Code code, string reason, string message, params (string Key, string Value)[] metadata)
    {
        var errorInfo = new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = reason };
        foreach (var (key, value) in metadata)
        {
            errorInfo.Metadata.Add(key, value);
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(errorInfo) } }.ToRpcException();
    }
}
