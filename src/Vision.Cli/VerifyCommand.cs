using System.Security.Cryptography;
using Grpc.Net.Client;
using Vision.Contracts.V1;
using Vision.Evidence.Verification;

namespace Vision.Cli;

/// <summary>
/// <c>vision verify &lt;package-folder&gt;</c>: checks an evidence package folder locally, against a public key from a PEM
/// file (<c>--public-key</c>, works offline) or fetched from the service (<c>vision.v1.Evidence/GetPublicKey</c>).
/// <c>vision public-key</c> prints the service's key for keeping beside exported packages.
/// </summary>
public static class VerifyCommand
{
    /// <summary>The exit code: 0 the package is exactly as sealed, 1 it has problems (each printed).</summary>
    public static int Verify(string folder, ECDsa trustedKey, TextWriter output)
    {
        var verification = PackageVerifier.Verify(folder, trustedKey);
        if (verification.IsValid)
        {
            var manifest = verification.Manifest!;
            output.WriteLine($"VALID  {manifest.PackageId}");
            output.WriteLine($"  violation  {manifest.ViolationKind} ({manifest.Legal?.Code ?? "no legal reference"}) on camera {manifest.Camera.Id}, {manifest.Occurred.CapturedAtLocal:yyyy-MM-dd HH:mm:ss.fff zzz}, frame {manifest.Occurred.Sequence}");
            output.WriteLine($"  files      {verification.FilesChecked} checked, manifest sha256 {verification.ManifestSha256}");
            output.WriteLine($"  signed by  {manifest.Signing.KeyId}");
            return 0;
        }

        output.WriteLine($"INVALID  {folder}: {verification.Problems.Count} problem(s), checked against key {verification.TrustedKeyId}");
        foreach (var problem in verification.Problems)
        {
            output.WriteLine($"  {problem.Kind,-18} {problem.Description}");
        }

        return 1;
    }

    public static ECDsa ReadPublicKey(string pemPath)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(pemPath));
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static async Task<ECDsa> FetchPublicKeyAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var response = await new Contracts.V1.Evidence.EvidenceClient(channel).GetPublicKeyAsync(new GetPublicKeyRequest(), cancellationToken: cancellationToken);
        var key = ECDsa.Create();
        key.ImportFromPem(response.PublicKeyPem);
        // The service's key id must match the key it sent, or the answer was garbled.
        return SigningKeyId.Of(key) == response.KeyId
            ? key
            : throw new CryptographicException($"The service's key id {response.KeyId} does not match the key it sent ({SigningKeyId.Of(key)}).");
    }

    public static async Task<string> FetchPublicKeyPemAsync(GrpcChannel channel, CancellationToken cancellationToken) =>
        (await new Contracts.V1.Evidence.EvidenceClient(channel).GetPublicKeyAsync(new GetPublicKeyRequest(), cancellationToken: cancellationToken)).PublicKeyPem;
}
