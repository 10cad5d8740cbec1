using Microsoft.AspNetCore.StaticFiles;
using Vision.Storage;

namespace Vision.Service.Web.Evidence;

/// <summary>
/// Serves a file of a sealed evidence package to the review pages, with range requests (the clip seeks). Never
/// stored by the browser: evidence shows faces and plates, and a police station's shared PC must keep none of it after
/// the officer signs out. Names outside the package are refused as not found.
/// </summary>
public static class EvidenceFileEndpoint
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IResult Serve(string packageId, string file, EvidenceFolder evidence, HttpContext context)
    {
        // Each read bounded in time: a stuck disk or mount fails the response instead of holding it open.
        if (evidence.Resolve(packageId, file) is not { } path || EvidenceFolder.TryOpenRead(path) is not { } content)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        var contentType = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        return Results.File(content, contentType, enableRangeProcessing: true);
    }
}
