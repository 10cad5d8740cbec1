namespace Vision.Storage;

/// <summary>Whether the evidence package on disk is the one recorded with the violation.</summary>
public enum EvidenceCheck
{
    ManifestMatches,
    ManifestAltered,
    PackageMissing,
}
