using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Vision.Service.Web;

/// <summary>
/// The stylesheet and script of the web app, embedded in the assembly (no Node build step, nothing to copy next to the
/// host) and served under <c>/assets/</c> with a content hash in the address so browsers may cache them for good.
/// </summary>
public sealed class WebAssets
{
    private const string ResourcePrefix = "Vision.Web.Assets.";
    private readonly FrozenDictionary<string, (byte[] Bytes, string ContentType, string Hash)> _assets;

    public WebAssets()
    {
        var assembly = typeof(WebAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[ResourcePrefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                var contentType = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8"
                    : name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "application/octet-stream";
                return (bytes, contentType, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
            }, StringComparer.Ordinal);
    }

    /// <summary>The address of an asset, with its content hash for cache busting.</summary>
    public string Url(string name) => $"/assets/{name}?v={_assets[name].Hash}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
