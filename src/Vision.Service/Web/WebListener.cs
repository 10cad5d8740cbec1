using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vision.Service.Web;

/// <summary>The HTTP/1.1 listener browsers reach, when one is configured; its bound address is known once the host started.</summary>
public sealed class WebListener
{
    internal ListenOptions? Endpoint { get; set; }

    internal string? ConfiguredUrl { get; set; }

    /// <summary>The web app's base address (with the actual port when 0 was asked for), or null when no web listener is configured.</summary>
    public Uri? Address => Endpoint?.IPEndPoint is { } bound
        ? new Uri($"http://{(bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Address)}:{bound.Port}/")
        : ConfiguredUrl is null ? null : new Uri(ConfiguredUrl);
}
