using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Vision.Evidence.Files;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Evidence packages as folders on a local filesystem: <c>packages/{id}/</c>, staged in <c>.staging/{process id}/</c> on
/// the same filesystem and moved into place in one rename, so a package folder is complete or absent. Holds are marker
/// files in <c>holds/</c> (never inside a package, which would break its verification), flushed to disk with their folder
/// so a power cut keeps them; a hold and the retention sweep exclude each other through <c>retention.lock</c> (threads and
/// processes alike), so a package is either held or swept, never swept once held. When the store opens, whatever
/// processes that no longer run (a crash, a kill) left in staging is deleted; live processes sharing the store keep theirs.
/// </summary>
public sealed class LocalEvidenceStore : IEvidenceStore
{
    private const string PackagesFolder = "packages";
    private const string StagingFolder = ".staging";
    private const string HoldsFolder = "holds";
    private const string RetentionLockFile = "retention.lock";

    private static readonly ConcurrentDictionary<string, byte> StagingRootsOpenInThisProcess = new(StringComparer.Ordinal);

    private readonly string _packages;
    private readonly string _stagingRoot;
    private readonly string _staging;
    private readonly string _holds;
    private readonly string _retentionLock;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;

    /// <param name="stagingScope">Where machines share the store (a cluster's nodes on NFS), each stages under its own
    /// scope (its node id) and clears only its own leftovers: a process id says nothing about another machine's processes.</param>
    public LocalEvidenceStore(string rootDirectory, TimeSpan retention, TimeProvider time, string? stagingScope = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        RootDirectory = Path.GetFullPath(rootDirectory);
        _packages = Path.Combine(RootDirectory, PackagesFolder);
        _stagingRoot = stagingScope is null ? Path.Combine(RootDirectory, StagingFolder) : Path.Combine(RootDirectory, StagingFolder, "node-" + stagingScope);
        _staging = Path.Combine(_stagingRoot, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        _holds = Path.Combine(RootDirectory, HoldsFolder);
        _retentionLock = Path.Combine(RootDirectory, RetentionLockFile);
        _retention = retention;
        _time = time;
        Directory.CreateDirectory(_packages);
        Directory.CreateDirectory(_holds);
        StagingLeftoversRemoved = RemoveStagingLeftovers();
    }

    public string RootDirectory { get; }

    /// <summary>Where sealed packages live, one folder per package id (what review reads and streams).</summary>
    public string PackagesDirectory => _packages;

    /// <summary>How many unfinished drafts (or interrupted deletions) processes no longer running left in staging; removed on open.</summary>
    public int StagingLeftoversRemoved { get; }

    public PackageDraft BeginPackage(string packageId)
    {
        EnsureWellFormed(packageId);
        return new PackageDraft(packageId, Path.Combine(_staging, $"{packageId}.{Guid.NewGuid():N}"));
    }

    public bool Commit(PackageDraft draft)
    {
        if (!draft.IsSealed)
        {
            throw new InvalidOperationException($"Package '{draft.PackageId}' is not sealed; seal it before committing.");
        }

        Committing?.Invoke(draft.PackageId);

        var target = Path.Combine(_packages, draft.PackageId);
        if (Directory.Exists(target))
        {
            return false;
        }

        try
        {
            // rename(2): atomic on one filesystem; fails if the target appeared meanwhile.
            Directory.Move(draft.Folder, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            return false;
        }

        draft.IsCommitted = true;
        DirectorySync.Flush(_packages);
        return true;
    }

    public string? Locate(string packageId)
    {
        if (!PackageId.IsWellFormed(packageId))
        {
            return null;
        }

        // A link in place of a package folder could lead anywhere: only a plain folder (in a plain parent) is a package.
        var folder = Path.Combine(_packages, packageId);
        return PlainFiles.IsPlainPathBelow(RootDirectory, folder, FileKind.Directory) ? folder : null;
    }

    /// <summary>Test seam: runs when the sweep has found a package unheld and expired, holding the retention lock, before removing it.</summary>
    internal Action<string>? SweepRemoving { get; set; }

    /// <summary>Test seam: runs when a sealed package is about to be moved into place (a stalled disk, say).</summary>
    internal Action<string>? Committing { get; set; }

    /// <summary>Test seam: runs when a hold finds the retention lock taken, before it waits.</summary>
    internal Action? HoldWaiting { get; set; }

    public bool Hold(string packageId)
    {
        if (!PackageId.IsWellFormed(packageId))
        {
            return false;
        }

        // A sweep that already decided to remove the package finishes first (then there is nothing to hold); one that
        // comes later finds the marker.
        using var retention = ExclusiveFileLock.Acquire(_retentionLock, HoldWaiting);
        if (Locate(packageId) is null)
        {
            return false;
        }

        using (var marker = new FileStream(Path.Combine(_holds, packageId), FileMode.Create, FileAccess.Write, FileShare.None))
        {
            marker.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(_holds);
        return true;
    }

    public void ReleaseHold(string packageId)
    {
        EnsureWellFormed(packageId);
        File.Delete(Path.Combine(_holds, packageId));
        DirectorySync.Flush(_holds);
    }

    public bool IsHeld(string packageId) => PackageId.IsWellFormed(packageId) && File.Exists(Path.Combine(_holds, packageId));

    public RetentionSweepResult SweepExpired()
    {
        var now = _time.GetUtcNow();
        var deleted = new List<string>();
        var failed = new List<RetentionFailure>();
        // The lock and the staging folder are the store's, not a package's: a failure there ends the round once.
        Directory.CreateDirectory(_staging);
        DeleteLeftBehind(deleted, failed);
        foreach (var folder in Directory.EnumerateDirectories(_packages).Order(StringComparer.Ordinal))
        {
            var packageId = Path.GetFileName(folder);
            if (!PackageId.TryReadCaptureTime(packageId, out var capturedAt) || now - capturedAt <= _retention)
            {
                continue;
            }

            // Out of sight first (one rename), then deleted: a half-deleted package is never visible.
            var doomed = Path.Combine(_staging, $"{packageId}{DeletingMarker}{Guid.NewGuid():N}");
            using (ExclusiveFileLock.Acquire(_retentionLock))
            {
                if (IsHeld(packageId))
                {
                    continue;
                }

                if (!TryMoveOutOfSight(packageId, folder, doomed, failed))
                {
                    continue;
                }
            }

            if (TryDelete(packageId, doomed, failed))
            {
                deleted.Add(packageId);
            }
        }

        return new RetentionSweepResult(deleted, failed);
    }

    /// <summary>Test seam: runs before a package's moved-out folder is deleted (a file another node holds open, say).</summary>
    internal Action<string>? SweepDeleting { get; set; }

    private const string DeletingMarker = ".deleting.";

    // One package the store cannot remove (a file another process holds, permissions changed by hand) ended the round:
    // the packages after it in order were kept past their retention, every round.
    private bool TryMoveOutOfSight(string packageId, string folder, string doomed, List<RetentionFailure> failed)
    {
        try
        {
            SweepRemoving?.Invoke(packageId);
            Directory.Move(folder, doomed);
            return true;
        }
        catch (DirectoryNotFoundException) when (!Directory.Exists(folder))
        {
            return false; // Another node's sweep of the shared store took it first.
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            failed.Add(new RetentionFailure(packageId, error));
            return false;
        }
    }

    private bool TryDelete(string packageId, string doomed, List<RetentionFailure> failed)
    {
        try
        {
            SweepDeleting?.Invoke(packageId);
            Directory.Delete(doomed, recursive: true);
            return true;
        }
        catch (DirectoryNotFoundException) when (!Directory.Exists(doomed))
        {
            return false; // Another store of this process, sweeping the same staging folder, finished it.
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            failed.Add(new RetentionFailure(packageId, error));
            return false;
        }
    }

    // A package moved out of sight whose deletion failed is no longer under packages/: without this it stayed on disk
    // until the next restart, while the log promised a retry.
    private void DeleteLeftBehind(List<string> deleted, List<RetentionFailure> failed)
    {
        foreach (var doomed in Directory.EnumerateDirectories(_staging, "*" + DeletingMarker + "*"))
        {
            var packageId = Path.GetFileName(doomed)[..Path.GetFileName(doomed).IndexOf(DeletingMarker, StringComparison.Ordinal)];
            if (TryDelete(packageId, doomed, failed))
            {
                deleted.Add(packageId);
            }
        }
    }

    private int RemoveStagingLeftovers()
    {
        Directory.CreateDirectory(_stagingRoot);
        // This process's own staging folder is a leftover too unless another store of this process already works in it:
        // in a container the service is process 1 on every start, so its id alone says nothing.
        var firstStoreOfThisProcess = StagingRootsOpenInThisProcess.TryAdd(_stagingRoot, 0);
        var removed = 0;
        foreach (var owner in Directory.GetDirectories(_stagingRoot))
        {
            if (int.TryParse(Path.GetFileName(owner), NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
                && (processId == Environment.ProcessId ? !firstStoreOfThisProcess : IsRunning(processId)))
            {
                continue;
            }

            try
            {
                removed += Directory.GetDirectories(owner).Length;
                Directory.Delete(owner, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Another store opening at the same moment removed it first.
            }
        }

        return removed;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void EnsureWellFormed(string packageId)
    {
        if (!PackageId.IsWellFormed(packageId))
        {
            throw new ArgumentException($"'{packageId}' is not a well-formed evidence package id.", nameof(packageId));
        }
    }
}
