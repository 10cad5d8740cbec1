namespace Vision.Evidence.Verification;

/// <summary>The fixed names of an evidence package folder and the signature scheme.</summary>
public static class PackageLayout
{
    public const string ManifestFile = "manifest.json";

    /// <summary>The raw ECDSA signature (IEEE P1363, r‖s, 64 bytes) over the exact bytes of <see cref="ManifestFile"/>.</summary>
    public const string SignatureFile = "manifest.sig";

    public const string SignatureAlgorithm = "ECDSA-P256-SHA256";
}
