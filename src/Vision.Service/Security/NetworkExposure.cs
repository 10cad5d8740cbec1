using System.Net;

namespace Vision.Service.Security;

/// <summary>
/// Which configured listen addresses reach beyond this machine without TLS. Read from <c>urls</c> (--urls,
/// ASPNETCORE_URLS), <c>Kestrel:Endpoints</c> and the web app's own listener (<c>Vision:Web:Url</c>); with none, the
/// service binds to loopback only.
/// </summary>
public static class NetworkExposure
{
    /// <summary>The plain-HTTP addresses that are not loopback.</summary>
    public static IReadOnlyList<string> InsecureNetworkUrls(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Concat(configuration["Vision:Web:Url"] is { Length: > 0 } webUrl ? [webUrl] : []);
        return urls.Where(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(url)).ToList();
    }

    /// <summary>Refuses to start when plain HTTP would reach the network, unless the operator explicitly allowed it.</summary>
    public static void EnsureSafe(IConfiguration configuration, SecurityOptions options)
    {
        var exposed = InsecureNetworkUrls(configuration);
        if (exposed.Count > 0 && !options.AllowInsecureNetwork)
        {
            throw new InvalidOperationException(
                $"Refusing to start: {string.Join(", ", exposed)} would serve plain HTTP (no TLS) beyond this machine, where credentials and " +
                "evidence cross the network in clear. Use an https:// address with Vision:Security:Tls:CertificatePath and KeyPath (see the " +
                "README, \"Running on a network\"), bind to 127.0.0.1, or accept the risk with Vision:Security:AllowInsecureNetwork=true.");
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcard forms (http://*:80, http://+:80) are not URIs: they bind every interface.
        var authority = url["http://".Length..].Split('/')[0];
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']') + 1)] : authority.Split(':')[0];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
