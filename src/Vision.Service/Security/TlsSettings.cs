using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>
/// The server certificate for <c>https://</c> endpoints (configuration <c>Vision:Security:Tls</c>): PEM certificate
/// (with its chain) and private key, read at start and again whenever either file changes, without a restart.
/// </summary>
public sealed class TlsSettings
{
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(KeyPath))
            {
                yield return new ValidationResult("Vision:Security:Tls:KeyPath is set without CertificatePath.");
            }

            yield break;
        }

        if (!File.Exists(CertificatePath))
        {
            yield return new ValidationResult($"Vision:Security:Tls:CertificatePath: no file '{CertificatePath}'.");
        }

        if (string.IsNullOrWhiteSpace(KeyPath) || !File.Exists(KeyPath))
        {
            yield return new ValidationResult($"Vision:Security:Tls:KeyPath: no file '{KeyPath}' (the certificate's PEM private key).");
        }
    }
}
