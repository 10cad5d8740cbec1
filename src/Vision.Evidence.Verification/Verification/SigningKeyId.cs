using System.Security.Cryptography;

namespace Vision.Evidence.Verification;

/// <summary>A signing key's id: the lowercase hex SHA-256 of its public key's SubjectPublicKeyInfo (DER).</summary>
public static class SigningKeyId
{
    public static string Of(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}
