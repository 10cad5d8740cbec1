using System.Security.Cryptography;

namespace Vision.Storage;

/// <summary>
/// The sealed evidence packages on disk: one folder per package id under the evidence root, holding
/// <c>manifest.json</c> and the package's files. Read-only here; names from clients never leave their package folder.
/// </summary>
public sealed class EvidenceFolder(string root)
{
    public const string ManifestFileName = "manifest.json";

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

        // A symbolic link (the file or any folder on the way to it) could point anywhere: packages hold plain files only.
        for (var step = full; step.Length > package.Length; step = Path.GetDirectoryName(step)!)
        {
            if (new FileInfo(step).LinkTarget is not null)
            {
                return null;
            }
        }

        return full;
    }

    /// <summary>The package's files, '/'-separated relative names, sorted; empty when the folder is missing.</summary>
    public IReadOnlyList<(string Name, long SizeBytes)> ListFiles(string packageId)
    {
        var package = IsPlainSegment(packageId) ? Path.Join(Root, packageId) : null;
        if (package is null || !Directory.Exists(package))
        {
            return [];
        }

        return Directory.EnumerateFiles(package, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => (Path.GetRelativePath(package, f).Replace(Path.DirectorySeparatorChar, '/'), new FileInfo(f).Length))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Compares the manifest on disk with the SHA-256 recorded for the violation.</summary>
    public async Task<(EvidenceCheck Check, string? ManifestJson)> VerifyAsync(string packageId, string expectedSha256, CancellationToken cancellationToken)
    {
        var path = Resolve(packageId, ManifestFileName);
        if (path is null || !File.Exists(path))
        {
            return (EvidenceCheck.PackageMissing, null);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var check = string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase) ? EvidenceCheck.ManifestMatches : EvidenceCheck.ManifestAltered;
        return (check, System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static bool IsPlainSegment(string segment) =>
        segment.Length is > 0 and <= 200 && segment is not "." and not ".." && segment.IndexOfAny(['/', '\\', '\0']) < 0 && segment.Trim() == segment;
}
