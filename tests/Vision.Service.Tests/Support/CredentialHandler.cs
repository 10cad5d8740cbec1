using Grpc.Net.Client;

namespace Vision.Service.Tests.Support;

/// <summary>Adds one header (a bearer token or an API key) to every call of a channel.</summary>
public sealed class CredentialHandler(string header, string value) : DelegatingHandler(new SocketsHttpHandler())
{
    public static GrpcChannel BearerChannel(Uri address, string token) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new CredentialHandler("authorization", "Bearer " + token), DisposeHttpClient = true });

    public static GrpcChannel ApiKeyChannel(Uri address, string apiKey) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new CredentialHandler("x-api-key", apiKey), DisposeHttpClient = true });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(header, value);
        return base.SendAsync(request, cancellationToken);
    }
}
