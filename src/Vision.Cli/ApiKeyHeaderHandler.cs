namespace Vision.Cli;

/// <summary>Sends the API key (<c>--api-key</c> or <c>VISION_API_KEY</c>) with every call, as the <c>x-api-key</c> header.</summary>
internal sealed class ApiKeyHeaderHandler(string apiKey) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
