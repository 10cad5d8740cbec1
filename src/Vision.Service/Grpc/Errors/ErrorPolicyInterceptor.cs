using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Vision.Service.Grpc.Errors;

/// <summary>
/// The one error policy at the gRPC edge: a refusal the handler chose passes through (clipped to a bounded size), a
/// cancelled call ends CANCELLED or DEADLINE_EXCEEDED, so does a request stream its client reset, a store error its
/// driver calls transient (an outage, a failover) UNAVAILABLE / STORE_UNAVAILABLE, and anything unexpected becomes INTERNAL with an error id that is logged with
/// the exception, never UNKNOWN and never the exception's text.
/// </summary>
public sealed partial class ErrorPolicyInterceptor(ILogger<ErrorPolicyInterceptor> logger) : Interceptor
{
    public const string InternalReason = "INTERNAL_ERROR";

    public const string StoreUnavailableReason = "STORE_UNAVAILABLE";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(new TransportAwareStreamReader<TRequest>(requestStream), context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(new TransportAwareStreamReader<TRequest>(requestStream), responseStream, context);
        }
        catch (Exception error)
        {
            throw Translate(error, context);
        }
    }

    private RpcException Translate(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case RpcException refusal:
                return BoundedStatus.Bound(refusal);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new global::Grpc.Core.Status(StatusCode.DeadlineExceeded, "The call's deadline passed before it finished."))
                    : new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            case System.Data.Common.DbException { IsTransient: true } outage:
            {
                // A store restarting or failing over is a matter of retrying, not a bug of the service (INTERNAL); a
                // refused permission or a missing column is not, and stays INTERNAL.
                var errorId = NewErrorId();
                StoreUnavailable(logger, context.Method, errorId, outage);
                return WithErrorId(Code.Unavailable, StoreUnavailableReason, errorId, $"The store cannot be reached right now; try again (error id {errorId}).");
            }

            default:
            {
                var errorId = NewErrorId();
                UnexpectedFailure(logger, context.Method, errorId, error);
                return WithErrorId(Code.Internal, InternalReason, errorId, $"Internal error (error id {errorId}); the service log has the details under this id.");
            }
        }
    }

    /// <summary>A status whose ErrorInfo carries the id the log holds the exception under.</summary>
    private static RpcException WithErrorId(Code code, string reason, string errorId, string message) => new Google.Rpc.Status
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = reason, Metadata = { ["error_id"] = errorId } }) },
    }.ToRpcException();

    private static string NewErrorId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "The store could not be reached in {Method}, answered UNAVAILABLE with error id {ErrorId}")]
    private static partial void StoreUnavailable(ILogger logger, string method, string errorId, Exception error);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Unexpected failure in {Method}, answered INTERNAL with error id {ErrorId}")]
    private static partial void UnexpectedFailure(ILogger logger, string method, string errorId, Exception error);
}
