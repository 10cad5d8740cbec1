using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;

namespace Vision.Service.Tests.Support;

/// <summary>Opens an ingest stream for a camera and reads its first answer: a refusal surfaces as the call's RpcException.</summary>
public static class IngestOpening
{
    public static async Task OpenAsync(GrpcChannel channel, string cameraId)
    {
        using var call = new CameraIngest.CameraIngestClient(channel).Stream();
        try
        {
            await call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = cameraId } });
        }
        catch (RpcException)
        {
            // Refused before the request was written (a loaded machine): the refusal's details come with the response.
        }

        await call.ResponseStream.MoveNext(CancellationToken.None);
    }
}
