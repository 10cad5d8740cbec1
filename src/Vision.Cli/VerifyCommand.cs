using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;
using Vision.Evidence.Files;
using Vision.Evidence.Verification;

namespace Vision.Cli;

/// <summary>
/// <c>vision verify &lt;package-folder&gt;</c>: checks an evidence package folder locally, against a public key from a PEM
/// file (<c>--public-key</c>, given again for each key a rotation retired; works offline) or fetched from the service (<c>vision.v1.Evidence/GetPublicKey</c>).
/// <c>vision public-key</c> prints the service's key for keeping beside exported packages.
/// </summary>
public static class VerifyCommand
{
    /// <summary>The package is exactly as sealed.</summary>
    public const int Valid = 0;

    /// <summary>The package was altered or is incomplete (each problem printed).</summary>
    public const int Invalid = 1;

    /// <summary>Nothing was checked: no trusted key (a wrong key path, the service away) or no package at that path.
    /// Kept apart from <see cref="Invalid"/> so that a script sweeping an archive never takes an outage for tampering.</summary>
    public const int CouldNotCheck = 3;

    /// <summary>
    /// Verifies against the keys in <paramref name="publicKeyPemPaths"/> when given (the key signing now and those it
    /// replaced, in any order: a package names the key that signed it), otherwise against the service's.
    /// </summary>
    public static async Task<int> RunAsync(string folder, IReadOnlyList<string> publicKeyPemPaths, Func<GrpcChannel> openChannel, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        TrustedKeys? fileKeys = null;
        ECDsa? serviceKey = null;
        try
        {
            if (publicKeyPemPaths.Count > 0)
            {
                fileKeys = new TrustedKeys(File.ReadAllText(publicKeyPemPaths[0]), publicKeyPemPaths.Skip(1).Select(File.ReadAllText));
            }
            else
            {
                using var channel = openChannel();
                serviceKey = await FetchPublicKeyAsync(channel, folder, cancellationToken);
            }
        }
        catch (RpcException failure)
        {
            error.WriteLine($"vision: could not check {folder}: no key from the service: {PhotoCommand.Describe(failure)}");
            return CouldNotCheck;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException
                                            or InvalidOperationException or HttpRequestException or UriFormatException)
        {
            error.WriteLine($"vision: could not check {folder}: no trusted key: {failure.Message}");
            return CouldNotCheck;
        }

        using (serviceKey)
        {
            return Report(folder, fileKeys is not null ? PackageVerifier.Verify(folder, fileKeys) : PackageVerifier.Verify(folder, serviceKey!), output, error);
        }
    }

    private static int Report(string folder, PackageVerification verification, TextWriter output, TextWriter error)
    {
        if (verification.Problems is [{ Kind: Vision.Evidence.Verification.VerificationProblemKind.PackageMissing } missing])
        {
            error.WriteLine($"vision: could not check: {missing.Description}");
            return CouldNotCheck;
        }

        if (verification.IsValid)
        {
            var manifest = verification.Manifest!;
            output.WriteLine($"VALID  {manifest.PackageId}");
            output.WriteLine($"  violation  {manifest.ViolationKind} ({manifest.Legal?.Code ?? "no legal reference"}) on camera {manifest.Camera.Id}, {manifest.Occurred.CapturedAtLocal:yyyy-MM-dd HH:mm:ss.fff zzz}, frame {manifest.Occurred.Sequence}");
            output.WriteLine($"  files      {verification.FilesChecked} checked, manifest sha256 {verification.ManifestSha256}");
            output.WriteLine($"  signed by  {manifest.Signing.KeyId}");
            return Valid;
        }

        output.WriteLine($"INVALID  {folder}: {verification.Problems.Count} problem(s), checked against key {verification.TrustedKeyId}");
        foreach (var problem in verification.Problems)
        {
            output.WriteLine($"  {problem.Kind,-18} {problem.Description}");
        }

        return Invalid;
    }

    public static ECDsa ReadPublicKey(string pemPath) => TrustedKeys.Import(File.ReadAllText(pemPath));

    /// <summary>The service's key that signed the package in <paramref name="folder"/> (by its manifest's claim, which only
    /// picks among keys the service trusts), or its current key when the service trusts no key of that id.</summary>
    public static async Task<ECDsa> FetchPublicKeyAsync(GrpcChannel channel, string folder, CancellationToken cancellationToken)
    {
        if (ClaimedSigningKeyId(folder) is { } claimed)
        {
            try
            {
                return await FetchKeyAsync(channel, claimed, cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // Not a key the service trusts: the check against its current key names the package's key as another.
            }
        }

        return await FetchKeyAsync(channel, keyId: string.Empty, cancellationToken);
    }

    private static string? ClaimedSigningKeyId(string folder)
    {
        try
        {
            var path = Path.Combine(folder, PackageLayout.ManifestFile);
            return PlainFiles.IsPlainFile(path) && new FileInfo(path).Length <= PackageLayout.MaxManifestBytes
                ? JsonSerializer.Deserialize(File.ReadAllBytes(path), EvidenceJsonContext.Manifest.EvidenceManifest)?.Signing?.KeyId
                : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static async Task<ECDsa> FetchKeyAsync(GrpcChannel channel, string keyId, CancellationToken cancellationToken)
    {
        var response = await new Contracts.V1.Evidence.EvidenceClient(channel).GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId },
            cancellationToken: cancellationToken);
        var key = TrustedKeys.Import(response.PublicKeyPem);
        // The service's key id must match the key it sent, or the answer was garbled.
        if (SigningKeyId.Of(key) == response.KeyId)
        {
            return key;
        }

        var sent = SigningKeyId.Of(key);
        key.Dispose();
        throw new CryptographicException($"The service's key id {response.KeyId} does not match the key it sent ({sent}).");
    }

    public static async Task<string> FetchPublicKeyPemAsync(GrpcChannel channel, CancellationToken cancellationToken) =>
        (await new Contracts.V1.Evidence.EvidenceClient(channel).GetPublicKeyAsync(new GetPublicKeyRequest(), cancellationToken: cancellationToken)).PublicKeyPem;
}
