namespace Vision.Evidence.Verification;

/// <summary>The fixed names of an evidence package folder and the signature scheme.</summary>
public static class PackageLayout
{
    public const string ManifestFile = "manifest.json";

    /// <summary>The raw ECDSA signature (IEEE P1363, r‖s, 64 bytes) over the exact bytes of <see cref="ManifestFile"/>.</summary>
    public const string SignatureFile = "manifest.sig";

    public const string SignatureAlgorithm = "ECDSA-P256-SHA256";

    /// <summary>
    /// The largest manifest a verifier reads (a real one is kilobytes; a sparse gigabyte file in a copy to verify cost
    /// a gigabyte of memory, twice). The signature is read up to the same bound and fails unless it is 64 bytes.
    /// </summary>
    public const int MaxManifestBytes = 16 * 1024 * 1024;
}
