using System.Security.Cryptography;
using Vision.Evidence.Verification;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// The ECDSA P-256 key that signs evidence manifests. Loaded from a PKCS#8 PEM file, or generated once and written with
/// owner-only permissions (0600) when the file does not exist yet. Thread-safe.
/// </summary>
public sealed class EvidenceSigningKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private EvidenceSigningKey(ECDsa key, bool created, string pemPath)
    {
        _key = key;
        WasCreated = created;
        PemPath = pemPath;
        KeyId = SigningKeyId.Of(key);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Lowercase hex SHA-256 of the public key's SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    /// <summary>The public key as a PEM "PUBLIC KEY" block, for verifiers outside the service.</summary>
    public string PublicKeyPem { get; }

    /// <summary>Whether this process generated the key (first start) rather than loading it.</summary>
    public bool WasCreated { get; }

    /// <summary>The full path of the PEM file the key was loaded from.</summary>
    public string PemPath { get; }

    /// <summary>Loads the key at <paramref name="pemPath"/>, or generates and stores one (0600) when the file is absent.</summary>
    public static EvidenceSigningKey LoadOrCreate(string pemPath)
    {
        pemPath = Path.GetFullPath(pemPath);
        // Two processes starting at once on a fresh machine: one key wins the rename, both then load it.
        var created = !File.Exists(pemPath) && TryCreate(pemPath);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(pemPath));
            return ProblemWith(key) is { } problem
                ? throw new InvalidDataException($"The evidence signing key '{pemPath}' cannot sign evidence: {problem}.")
                : new EvidenceSigningKey(key, created, pemPath);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Why a loaded key cannot sign manifests (a public key, another curve), or null when it can.</summary>
    private static string? ProblemWith(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (!parameters.Curve.IsNamed || parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            return $"it is not on the P-256 curve ({parameters.Curve.Oid.FriendlyName ?? parameters.Curve.Oid.Value ?? "explicit curve"})";
        }

        try
        {
            byte[] probe = [0x76, 0x69, 0x73, 0x69, 0x6f, 0x6e];
            return key.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256) ? null : "a test signature did not verify";
        }
        catch (CryptographicException)
        {
            return "it holds no private key (a PUBLIC KEY file?)";
        }
    }

    /// <summary>A public-key-only instance from a PEM "PUBLIC KEY" block, for verifying.</summary>
    public static ECDsa ImportPublicKey(string pem) => TrustedKeys.Import(pem);

    /// <summary>A public-key-only copy for verification.</summary>
    public ECDsa CreateVerifier() => ImportPublicKey(PublicKeyPem);

    /// <summary>This key and the keys it replaced, read from their PEM files (public keys, as <c>vision public-key</c>
    /// writes them), for checking packages signed before a rotation.</summary>
    public TrustedKeys TrustedWith(IEnumerable<string> retiredPublicKeyPaths) =>
        new(PublicKeyPem, retiredPublicKeyPaths.Select(ReadRetiredPublicKey));

    private static string ReadRetiredPublicKey(string path)
    {
        path = Path.GetFullPath(path);
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The retired evidence key '{path}' cannot be read: {error.Message}", error);
        }

        try
        {
            using var key = ImportPublicKey(pem);
            return ProblemWithRetired(key) is { } problem
                ? throw new InvalidDataException($"The retired evidence key '{path}' cannot verify evidence: {problem}.")
                : key.ExportSubjectPublicKeyInfoPem();
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            throw new InvalidDataException($"The retired evidence key '{path}' is not an ECDSA key in PEM: {error.Message}", error);
        }
    }

    private static string? ProblemWithRetired(ECDsa key)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return curve.IsNamed && curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            ? null
            : $"it is not on the P-256 curve ({curve.Oid.FriendlyName ?? curve.Oid.Value ?? "explicit curve"})";
    }

    /// <summary>The IEEE P1363 (r‖s) ECDSA-SHA256 signature of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _key.Dispose();

    private static bool TryCreate(string pemPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var directory = Path.GetDirectoryName(Path.GetFullPath(pemPath))!;
        Directory.CreateDirectory(directory);
        // Written under a temporary name with 0600 from the start, then renamed: never readable by others, never half-written.
        var temporary = pemPath + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, pemPath, overwrite: false);
            // The rename must survive a power cut as the packages signed with the key will: a lost key makes a new one,
            // and every package signed before fails as signed by another key.
            DirectorySync.Flush(directory);
            return true;
        }
        catch (IOException) when (File.Exists(pemPath))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
