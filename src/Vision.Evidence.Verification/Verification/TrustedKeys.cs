using System.Security.Cryptography;

namespace Vision.Evidence.Verification;

/// <summary>
/// The public keys packages are checked against: the key signing now and the keys it replaced. A package is checked
/// against the trusted key its manifest names; a manifest naming no trusted key is checked against the current one (and
/// fails as signed by another key). The name only selects among keys trusted already, so it cannot make a forgery pass.
/// </summary>
public sealed class TrustedKeys
{
    private readonly Dictionary<string, string> _pemById = new(StringComparer.Ordinal);

    /// <param name="currentPem">The public key signing packages now (PEM).</param>
    /// <param name="retiredPems">Public keys that signed packages before (PEM); a key given twice counts once.</param>
    public TrustedKeys(string currentPem, IEnumerable<string> retiredPems)
    {
        CurrentKeyId = Add(currentPem);
        foreach (var pem in retiredPems)
        {
            Add(pem);
        }
    }

    public string CurrentKeyId { get; }

    /// <summary>Every trusted key's id, the current one included.</summary>
    public IReadOnlyCollection<string> KeyIds => _pemById.Keys;

    /// <summary>The public key (PEM) with id <paramref name="keyId"/>, or null when it is not trusted.</summary>
    public string? PemOf(string keyId) => _pemById.GetValueOrDefault(keyId);

    /// <summary>A public-key-only instance of the trusted key <paramref name="keyId"/> names, or of the current key.</summary>
    public ECDsa VerifierFor(string? keyId) => Import(keyId is not null && _pemById.TryGetValue(keyId, out var pem) ? pem : _pemById[CurrentKeyId]);

    private string Add(string pem)
    {
        using var key = Import(pem);
        var id = SigningKeyId.Of(key);
        _pemById.TryAdd(id, key.ExportSubjectPublicKeyInfoPem());
        return id;
    }

    /// <summary>An ECDSA key from a PEM block (a "PUBLIC KEY", or a private key's); the caller disposes it.</summary>
    public static ECDsa Import(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
