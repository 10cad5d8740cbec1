namespace Vision.Pipeline.Evidence;

/// <summary>
/// Where sealed evidence packages live. A package is written through a <see cref="PackageDraft"/> and becomes visible
/// only complete (all files, manifest and signature) or not at all.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Starts a package in the store's private staging area.</summary>
    PackageDraft BeginPackage(string packageId);

    /// <summary>Makes a sealed draft visible under its id (atomically); when a package with that id already exists it is kept and the draft discarded.</summary>
    /// <returns>Whether the draft became the package (false: one with that id was already stored).</returns>
    bool Commit(PackageDraft draft);

    /// <summary>The folder of a stored package, or null when no package has that id.</summary>
    string? Locate(string packageId);

    /// <summary>Keeps a package past retention until <see cref="ReleaseHold"/> (a confirmed violation whose case is open).</summary>
    /// <returns>False when no package has that id.</returns>
    bool Hold(string packageId);

    /// <summary>Lets retention apply again (the case closed).</summary>
    void ReleaseHold(string packageId);

    bool IsHeld(string packageId);

    /// <summary>
    /// Deletes every package captured longer ago than the retention period that is not on hold. A package that cannot be
    /// removed is reported and passed over: it must not keep the ones after it past their retention.
    /// </summary>
    RetentionSweepResult SweepExpired();
}
