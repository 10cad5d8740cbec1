using System.Security.Cryptography;
using Vision.Evidence.Verification;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// A package being written in the store's staging folder: each file is flushed to disk and hashed as it is added; the
/// manifest and signature are written last (<see cref="Seal"/>). Disposing an uncommitted draft deletes it.
/// </summary>
public sealed class PackageDraft : IDisposable
{
    private readonly List<ManifestFile> _files = [];

    internal PackageDraft(string packageId, string folder)
    {
        PackageId = packageId;
        Folder = folder;
        Directory.CreateDirectory(folder);
    }

    public string PackageId { get; }

    /// <summary>The staging folder (not the package's final place).</summary>
    public string Folder { get; }

    /// <summary>The files added so far, in order, with their SHA-256 and size.</summary>
    public IReadOnlyList<ManifestFile> Files => _files;

    public bool IsSealed { get; private set; }

    /// <summary>SHA-256 of the sealed manifest's bytes.</summary>
    public string? ManifestSha256 { get; private set; }

    internal bool IsCommitted { get; set; }

    /// <summary>The staging path of a package file, for writers that need a path (video); add it with <see cref="AddWrittenFile"/>.</summary>
    public string PathOf(string name)
    {
        if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name) || name is PackageLayout.ManifestFile or PackageLayout.SignatureFile)
        {
            throw new ArgumentException($"'{name}' is not a valid package file name.", nameof(name));
        }

        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public ManifestFile WriteFile(string name, string role, ReadOnlySpan<byte> content)
    {
        EnsureOpen();
        var path = PathOf(name);
        WriteDurably(path, content);
        return Add(name, role, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);
    }

    /// <summary>Adds a file already written at <see cref="PathOf"/>: flushes it to disk and hashes it.</summary>
    public ManifestFile AddWrittenFile(string name, string role)
    {
        EnsureOpen();
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        return Add(name, role, sha256, stream.Length);
    }

    /// <summary>Writes the manifest and its signature, last, and flushes the folder: the draft is then ready to commit.</summary>
    public void Seal(ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> signature)
    {
        EnsureOpen();
        WriteDurably(Path.Combine(Folder, PackageLayout.ManifestFile), manifest);
        WriteDurably(Path.Combine(Folder, PackageLayout.SignatureFile), signature);
        foreach (var directory in Directory.EnumerateDirectories(Folder, "*", SearchOption.AllDirectories))
        {
            DirectorySync.Flush(directory);
        }

        DirectorySync.Flush(Folder);
        ManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(manifest));
        IsSealed = true;
    }

    public void Dispose()
    {
        if (!IsCommitted && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private ManifestFile Add(string name, string role, string sha256, long size)
    {
        if (_files.Any(file => file.Name == name))
        {
            throw new InvalidOperationException($"The package already has a file '{name}'.");
        }

        var file = new ManifestFile(name, role, sha256, size);
        _files.Add(file);
        return file;
    }

    private void EnsureOpen()
    {
        if (IsSealed)
        {
            throw new InvalidOperationException($"Package '{PackageId}' is sealed; nothing more can be added.");
        }
    }

    private static void WriteDurably(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
