using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>
/// Camera gateways proving themselves with TLS client certificates (mTLS) instead of API keys (configuration
/// <c>Vision:Security:ClientCertificates</c>; needs <see cref="TlsSettings"/>). A certificate must chain to
/// <see cref="TrustedCaPath"/> and its subject common name must be listed in <see cref="Gateways"/> with the cameras it may stream.
/// </summary>
public sealed class ClientCertificateSettings
{
    /// <summary>PEM file of the CA (or CAs) that issue gateway certificates; nothing else is trusted.</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Gateway certificate common name → the camera ids it may stream.</summary>
    public Dictionary<string, string[]> Gateways { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(TrustedCaPath);

    internal IEnumerable<ValidationResult> Validate(TlsSettings tls)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!tls.Enabled)
        {
            yield return new ValidationResult("Vision:Security:ClientCertificates needs TLS (Vision:Security:Tls) to receive client certificates.");
        }

        if (!File.Exists(TrustedCaPath))
        {
            yield return new ValidationResult($"Vision:Security:ClientCertificates:TrustedCaPath: no file '{TrustedCaPath}'.");
        }

        if (Gateways.Count == 0)
        {
            yield return new ValidationResult("Vision:Security:ClientCertificates:Gateways must name at least one gateway certificate with its cameras.");
        }
    }
}
