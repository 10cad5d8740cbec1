using System.Security.Cryptography;
using System.Text.Json;
using Vision.Evidence.Files;

namespace Vision.Evidence.Verification;

/// <summary>
/// Checks an evidence package folder against a trusted public key: the manifest's signature, then every listed file's
/// SHA-256 and size, then that nothing else is in the folder. Reports every problem found, not just the first.
/// </summary>
public static class PackageVerifier
{
    /// <param name="expectedPackageId">When the caller knows which package the folder should hold (the store's id), a
    /// genuine package of another violation placed there is reported; a copy verified anywhere passes null.</param>
    public static PackageVerification Verify(string folder, ECDsa trustedKey, string? expectedPackageId = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKey);
        return Verify(folder, _ => trustedKey, expectedPackageId);
    }

    /// <summary>Checks the package against the trusted key its manifest names (a key that signed before a rotation), or
    /// against the current key when it names none of them.</summary>
    public static PackageVerification Verify(string folder, TrustedKeys trustedKeys, string? expectedPackageId = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ECDsa? selected = null;
        try
        {
            return Verify(folder, claimedKeyId => selected = trustedKeys.VerifierFor(claimedKeyId), expectedPackageId);
        }
        finally
        {
            selected?.Dispose();
        }
    }

    private static PackageVerification Verify(string folder, Func<string?, ECDsa> trustedKeyFor, string? expectedPackageId)
    {
        var problems = new List<VerificationProblem>();
        if (PlainFiles.KindOf(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))) != FileKind.Directory)
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.PackageMissing, null, null, null, $"package folder '{folder}' does not exist (or is a link, which is never followed)"));
            return new PackageVerification(folder, null, null, SigningKeyId.Of(trustedKeyFor(null)), 0, problems);
        }

        var manifestPath = Path.Combine(folder, PackageLayout.ManifestFile);
        var signaturePath = Path.Combine(folder, PackageLayout.SignatureFile);
        // Only plain files are read: a link could lead anywhere, a FIFO would block the verification forever.
        var manifestBytes = PlainFiles.IsPlainFile(manifestPath) ? ReadOrReport(manifestPath, PackageLayout.ManifestFile, VerificationProblemKind.ManifestUnreadable, problems) : null;
        var signature = PlainFiles.IsPlainFile(signaturePath) ? ReadOrReport(signaturePath, PackageLayout.SignatureFile, VerificationProblemKind.SignatureInvalid, problems) : null;
        if (manifestBytes is null && !IsReported(problems, PackageLayout.ManifestFile))
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.ManifestMissing, PackageLayout.ManifestFile, null, null,
                $"{PackageLayout.ManifestFile} is missing"));
        }

        if (signature is null && !IsReported(problems, PackageLayout.SignatureFile))
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.SignatureMissing, PackageLayout.SignatureFile, null, null,
                $"{PackageLayout.SignatureFile} is missing"));
        }

        var manifest = manifestBytes is null ? null : Read(manifestBytes, problems);
        var trustedKey = trustedKeyFor(manifest?.Signing.KeyId);
        var trustedKeyId = SigningKeyId.Of(trustedKey);
        if (manifestBytes is not null && signature is not null)
        {
            CheckSignature(manifestBytes, signature, manifest, trustedKey, trustedKeyId, problems);
        }

        if (manifest is not null && expectedPackageId is not null && !string.Equals(manifest.PackageId, expectedPackageId, StringComparison.Ordinal))
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.WrongPackage, PackageLayout.ManifestFile, expectedPackageId, manifest.PackageId,
                $"the folder of package {expectedPackageId} holds package {manifest.PackageId}"));
        }

        var checkedFiles = manifest is null ? 0 : CheckFiles(folder, manifest, problems);
        ReportLinksAndSpecialFiles(folder, problems);
        var manifestSha256 = manifestBytes is null ? null : Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        return new PackageVerification(folder, manifest, manifestSha256, trustedKeyId, checkedFiles, problems);
    }

    private static EvidenceManifest? Read(byte[] manifestBytes, List<VerificationProblem> problems)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(manifestBytes, EvidenceJsonContext.Manifest.EvidenceManifest);
            if (manifest is not null && manifest.Format == EvidenceManifest.CurrentFormat)
            {
                // JSON may set required members to null explicitly; such a manifest cannot be checked.
                if (manifest.PackageId is null || manifest.Signing?.KeyId is null || manifest.Files is null
                    || manifest.Files.Any(file => file?.Name is null || file.Sha256 is null))
                {
                    problems.Add(new VerificationProblem(VerificationProblemKind.ManifestUnreadable, PackageLayout.ManifestFile, null, null,
                        $"{PackageLayout.ManifestFile} lacks its package id, signing key or a file's name or hash"));
                    return null;
                }

                return manifest;
            }

            problems.Add(new VerificationProblem(VerificationProblemKind.ManifestUnreadable, PackageLayout.ManifestFile,
                EvidenceManifest.CurrentFormat, manifest?.Format, $"{PackageLayout.ManifestFile} is not a '{EvidenceManifest.CurrentFormat}' manifest"));
        }
        catch (JsonException error)
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.ManifestUnreadable, PackageLayout.ManifestFile, null, null,
                $"{PackageLayout.ManifestFile} is not valid manifest JSON: {error.Message}"));
        }

        return null;
    }

    private static void CheckSignature(
        byte[] manifestBytes, byte[] signature, EvidenceManifest? manifest, ECDsa trustedKey, string trustedKeyId, List<VerificationProblem> problems)
    {
        if (trustedKey.VerifyData(manifestBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return;
        }

        // The key id is inside the signed bytes, so it can be trusted only to explain a failure, never to pass one.
        if (manifest is not null && !string.Equals(manifest.Signing.KeyId, trustedKeyId, StringComparison.Ordinal))
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.SignedByOtherKey, PackageLayout.SignatureFile, trustedKeyId,
                manifest.Signing.KeyId, $"the manifest names signing key {manifest.Signing.KeyId}, not the trusted key {trustedKeyId}"));
            return;
        }

        problems.Add(new VerificationProblem(VerificationProblemKind.SignatureInvalid, PackageLayout.ManifestFile, null, null,
            $"the signature in {PackageLayout.SignatureFile} does not match {PackageLayout.ManifestFile}: the manifest was edited or the signature altered"));
    }

    private static int CheckFiles(string folder, EvidenceManifest manifest, List<VerificationProblem> problems)
    {
        // "pkg/" (as tab completion writes it) is the same folder as "pkg": the containment check below needs no trailing separator.
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var listed = new HashSet<string>(StringComparer.Ordinal) { PackageLayout.ManifestFile, PackageLayout.SignatureFile };
        var examined = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        var checkedFiles = 0;
        foreach (var file in manifest.Files)
        {
            listed.Add(file.Name);
            var path = Path.GetFullPath(Path.Combine(root, file.Name));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.ManifestUnreadable, file.Name, null, null,
                    $"the manifest lists '{file.Name}', which lies outside the package"));
                continue;
            }

            // Each file once, however it is written (clip.mp4, ./clip.mp4, a/../clip.mp4): a manifest listing the clip
            // fifty thousand times had it hashed fifty thousand times.
            if (!examined.Add(path))
            {
                if (repeated.Add(path))
                {
                    problems.Add(new VerificationProblem(VerificationProblemKind.ManifestUnreadable, file.Name, null, null,
                        $"the manifest lists '{Path.GetRelativePath(root, path)}' more than once"));
                }

                continue;
            }

            if (!PlainFiles.IsPlainPathBelow(root, path, FileKind.RegularFile))
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.FileMissing, file.Name, Describe(file.Sha256, file.SizeBytes), null,
                    $"{file.Name} is missing"));
                continue;
            }

            if (HashOrReport(path, file.Name, problems) is not var (sha256, size))
            {
                continue;
            }

            checkedFiles++;
            if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) || size != file.SizeBytes)
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.FileChanged, file.Name, Describe(file.Sha256, file.SizeBytes),
                    Describe(sha256, size), $"{file.Name} was changed: expected {Describe(file.Sha256, file.SizeBytes)}, found {Describe(sha256, size)}"));
            }
        }

        foreach (var (name, kind) in PlainFiles.Walk(root))
        {
            if (kind == FileKind.RegularFile && !listed.Contains(name))
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.UnexpectedFile, name, null, null,
                    $"{name} is not part of the signed package"));
            }
        }

        return checkedFiles;
    }

    // The walk never follows a link: a link to /proc is reported, not entered; a FIFO is reported, never opened. A folder
    // it cannot list, or an entry listed but impossible to examine (a name that is not UTF-8, which .NET reads with
    // U+FFFD and no path leads back to; a folder that may be listed but not entered), may hold files nobody signed: the
    // package cannot pass.
    private static void ReportLinksAndSpecialFiles(string folder, List<VerificationProblem> problems)
    {
        var unlistable = new List<string>();
        var entries = PlainFiles.Walk(Path.GetFullPath(folder), unlistable);
        foreach (var name in unlistable)
        {
            problems.Add(new VerificationProblem(VerificationProblemKind.Unreadable, name, null, null,
                $"the folder {(name == "." ? "of the package" : name)} cannot be listed: files in it cannot be checked"));
        }

        foreach (var (name, kind) in entries)
        {
            if (kind == FileKind.Missing)
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.Unreadable, name, null, null,
                    $"{name} is listed in its folder but cannot be examined: what it holds cannot be checked"));
            }
            else if (kind is FileKind.SymbolicLink or FileKind.Special)
            {
                problems.Add(new VerificationProblem(VerificationProblemKind.UnexpectedFile, name, null, null,
                    $"{name} is a {(kind == FileKind.SymbolicLink ? "symbolic link" : "special file")}, which a package never holds; it was not followed"));
            }
        }
    }

    private static (string Sha256, long Size)? HashOrReport(string path, string name, List<VerificationProblem> problems)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return (Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problems.Add(Unreadable(name, error));
            return null;
        }
    }

    private static byte[]? ReadOrReport(string path, string name, VerificationProblemKind tooLarge, List<VerificationProblem> problems)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > PackageLayout.MaxManifestBytes)
            {
                problems.Add(new VerificationProblem(tooLarge, name, null, stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{name} is {stream.Length} bytes, more than the {PackageLayout.MaxManifestBytes} a package's manifest and signature may be"));
                return null;
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problems.Add(Unreadable(name, error));
            return null;
        }
    }

    private static VerificationProblem Unreadable(string name, Exception error) =>
        new(VerificationProblemKind.Unreadable, name, null, null, $"{name} cannot be read: {error.Message}");

    private static bool IsReported(List<VerificationProblem> problems, string name) =>
        problems.Any(problem => problem.File == name);

    private static string Describe(string sha256, long size) => $"sha256 {sha256}, {size} bytes";
}
