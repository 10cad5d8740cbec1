using Vision.Evidence.Verification;


namespace Vision.Service.Web.Review;

/// <summary>Whether a violation's evidence package verifies, what is wrong when it does not, and its manifest when readable.</summary>
/// <param name="Verified">The manifest on disk is the one recorded and its signature and every file check out.</param>
public sealed record EvidenceStatus(string? PackageId, bool Verified, IReadOnlyList<string> Problems, EvidenceManifest? Manifest)
{
    public static EvidenceStatus None { get; } = new(null, false, [], null);

    public bool HasPackage => PackageId is not null;
}
