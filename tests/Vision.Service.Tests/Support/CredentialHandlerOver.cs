namespace Vision.Service.Tests.Support;

/// <summary>Adds one header to every request before handing it to <paramref name="inner"/> (for channels with their own TLS settings).</summary>
public sealed class CredentialHandlerOver(HttpMessageHandler inner, string header, string value) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(header, value);
        return base.SendAsync(request, cancellationToken);
    }
}
