namespace Vision.Evidence.Verification;

/// <summary>The outcome of checking one package folder: valid only when the signature holds and every file matches.</summary>
/// <param name="Manifest">The manifest as read (null when it is missing or unreadable); trust it only when <see cref="IsValid"/>.</param>
/// <param name="ManifestSha256">SHA-256 of manifest.json's bytes, when present.</param>
/// <param name="FilesChecked">How many listed files were present and hashed.</param>
public sealed record PackageVerification(
    string Folder,
    EvidenceManifest? Manifest,
    string? ManifestSha256,
    string TrustedKeyId,
    int FilesChecked,
    IReadOnlyList<VerificationProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
