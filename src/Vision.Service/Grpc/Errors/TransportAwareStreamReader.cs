using Grpc.Core;

namespace Vision.Service.Grpc.Errors;

/// <summary>
/// A request stream whose transport failures (the client reset its stream or dropped the connection, which Kestrel
/// reports as an <see cref="IOException"/> from the read) end the call CANCELLED: the client went away, nothing failed here.
/// </summary>
internal sealed class TransportAwareStreamReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.MoveNext(cancellationToken);
        }
        catch (IOException error)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The client reset the stream or closed its connection.", error));
        }
    }
}
