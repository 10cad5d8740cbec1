using System.Security.Cryptography;
using Vision.Evidence.Files;

namespace Vision.Storage;

/// <summary>
/// The sealed evidence packages on disk: one folder per package id under the evidence root, holding
/// <c>manifest.json</c> and the package's files. Read-only here; names from clients never leave their package folder.
/// </summary>
public sealed class EvidenceFolder(string root)
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>Longest a read of one evidence file may take (a stuck disk or network mount must not hold a call forever).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The full path of a package's file, or null when the id or name is not a plain path inside the package (traversal, absolute, links out).</summary>
    public string? Resolve(string packageId, string fileName)
    {
        if (!IsPlainSegment(packageId) || string.IsNullOrEmpty(fileName) || fileName.Contains('\\', StringComparison.Ordinal)
            || !fileName.Split('/').All(IsPlainSegment))
        {
            return null;
        }

        var package = Path.Join(Root, packageId);
        var full = Path.GetFullPath(Path.Join(package, fileName));
        if (!full.StartsWith(package + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        // A symbolic link (the package folder itself, the file or any folder on the way) could point anywhere and a FIFO
        // blocks its reader: packages hold plain files in plain folders only.
        return PlainFiles.HasNoLinkOrSpecialFile(Root, full) ? full : null;
    }

    /// <summary>The package's files, '/'-separated relative names, sorted; empty when the folder is missing.</summary>
    public IReadOnlyList<(string Name, long SizeBytes)> ListFiles(string packageId)
    {
        var package = IsPlainSegment(packageId) ? Path.Join(Root, packageId) : null;
        if (package is null || !PlainFiles.IsPlainPathBelow(Root, package, FileKind.Directory))
        {
            return [];
        }

        // Links and special files are neither listed nor followed; a file retention removed since the walk is gone.
        var files = new List<(string Name, long SizeBytes)>();
        foreach (var (name, kind) in PlainFiles.Walk(package))
        {
            var file = new FileInfo(Path.Join(package, name));
            if (kind == FileKind.RegularFile && file.Exists)
            {
                files.Add((name, file.Length));
            }
        }

        return files;
    }

    /// <summary>Opens a resolved evidence file for reading, each read bounded by <see cref="ReadTimeout"/>.</summary>
    public static Stream OpenRead(string resolvedPath) => TimeBoundedReadStream.OpenFile(resolvedPath, ReadTimeout);

    /// <summary>
    /// <see cref="OpenRead"/>, or null when the file is not there: opened without asking first, since retention may
    /// remove a package between a check and the opening.
    /// </summary>
    public static Stream? TryOpenRead(string resolvedPath)
    {
        try
        {
            return OpenRead(resolvedPath);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException
                                          || (error is UnauthorizedAccessException && Directory.Exists(resolvedPath)))
        {
            // Not there, or a folder of the package rather than a file.
            return null;
        }
    }

    /// <summary>Compares the manifest on disk with the SHA-256 recorded for the violation.</summary>
    public async Task<(EvidenceCheck Check, string? ManifestJson)> VerifyAsync(string packageId, string expectedSha256, CancellationToken cancellationToken)
    {
        var path = Resolve(packageId, ManifestFileName);
        if (path is null || PlainFiles.KindOf(path) != FileKind.RegularFile)
        {
            return (EvidenceCheck.PackageMissing, null);
        }

        byte[] bytes;
        // Retention may remove the package between the check above and the opening.
        await using (var manifest = TryOpenRead(path))
        {
            if (manifest is null)
            {
                return (EvidenceCheck.PackageMissing, null);
            }

            using var copy = new MemoryStream();
            await manifest.CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var check = string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase) ? EvidenceCheck.ManifestMatches : EvidenceCheck.ManifestAltered;
        return (check, System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static bool IsPlainSegment(string segment) =>
        segment.Length is > 0 and <= 200 && segment is not "." and not ".." && segment.IndexOfAny(['/', '\\', '\0']) < 0 && segment.Trim() == segment;
}
