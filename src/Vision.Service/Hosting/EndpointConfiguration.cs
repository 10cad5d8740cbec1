using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vision.Service.Web;

namespace Vision.Service.Hosting;

public static class EndpointConfiguration
{
    /// <summary>Where the service listens when neither --urls, ASPNETCORE_URLS nor Kestrel:Endpoints says: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5180";

    /// <summary>Where the web app listens on the embedded defaults (no --urls given); otherwise only where Vision:Web:Url says.</summary>
    public const string DefaultWebUrl = "http://127.0.0.1:5181";

    /// <summary>
    /// gRPC over HTTP/2 (h2c without TLS) on every endpoint. Browsers speak HTTP/1.1
    /// without TLS and Kestrel cannot tell the two apart on one cleartext port, so the web app gets its own HTTP/1.1
    /// listener (<see cref="WebListener"/>): <c>Vision:Web:Url</c>, or <see cref="DefaultWebUrl"/> on the embedded defaults.
    /// </summary>
    public static WebApplicationBuilder AddVisionEndpoints(this WebApplicationBuilder builder)
    {
        var urls = builder.Configuration["urls"];
        var configured = urls is { Length: > 0 } || builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        var webUrl = builder.Configuration[WebOptions.Section + ":Url"] is { Length: > 0 } explicitUrl ? explicitUrl : configured ? null : DefaultWebUrl;
        var web = new WebListener();
        builder.Services.AddSingleton(web);
        if (webUrl is null)
        {
            if (!configured)
            {
                builder.WebHost.UseUrls(DefaultUrl);
            }

            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
            return builder;
        }

        // A listener defined in code makes Kestrel ignore --urls, so the gRPC addresses are listened on here as well.
        var grpcUrls = urls is { Length: > 0 } ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : configured ? [] : [DefaultUrl];
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
            foreach (var url in grpcUrls)
            {
                Listen(kestrel, url, endpoint => endpoint.Protocols = HttpProtocols.Http2);
            }

            web.ConfiguredUrl = webUrl;
            Listen(kestrel, webUrl, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                web.Endpoint = endpoint;
            });
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions> configure)
    {
        var address = BindingAddress.Parse(url);
        if (string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            // The certificate comes from the HTTPS defaults (Vision:Security:Tls).
            var plain = configure;
            configure = endpoint =>
            {
                plain(endpoint);
                endpoint.UseHttps();
            };
        }

        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else if (address.Host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else
        {
            // A host name (http://vision.local:5181) binds every interface, as Kestrel does with --urls.
            kestrel.ListenAnyIP(address.Port, configure);
        }
    }
}
