using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vision.Service.Hosting;

public static class EndpointConfiguration
{
    /// <summary>Where the service listens when neither --urls, ASPNETCORE_URLS nor Kestrel:Endpoints says: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5180";

    /// <summary>gRPC over HTTP/2 without TLS (h2c) on every endpoint; TLS belongs to the ingress in front.</summary>
    public static WebApplicationBuilder AddVisionEndpoints(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["urls"] is { Length: > 0 }
                         || builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        return builder;
    }
}
