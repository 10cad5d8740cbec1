using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class EvidenceSigningKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vision-key-").FullName;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void FirstStart_GeneratesAnOwnerOnlyKey_WhichLaterStartsLoad()
    {
        var path = Path.Combine(_root, "keys", "evidence.pem");

        string keyId;
        using (var created = EvidenceSigningKey.LoadOrCreate(path))
        {
            Assert.True(created.WasCreated);
            keyId = created.KeyId;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        using var loaded = EvidenceSigningKey.LoadOrCreate(path);
        Assert.False(loaded.WasCreated);
        Assert.Equal(keyId, loaded.KeyId);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", loaded.PublicKeyPem, StringComparison.Ordinal);
        using var exported = EvidenceSigningKey.ImportPublicKey(loaded.PublicKeyPem);
        Assert.Equal(keyId, SigningKeyId.Of(exported));
        Assert.Equal(64, loaded.Sign("manifest"u8).Length);
    }

    [Fact]
    public void RetiredKeys_AreTrustedByTheirPublicHalf_AndAFileThatHoldsNoKeyIsRefusedNamingIt()
    {
        using var retired = EvidenceSigningKey.LoadOrCreate(Path.Combine(_root, "2025.pem"));
        using var current = EvidenceSigningKey.LoadOrCreate(Path.Combine(_root, "2026.pem"));
        var retiredPublic = Path.Combine(_root, "2025.pub.pem");
        File.WriteAllText(retiredPublic, retired.PublicKeyPem);
        var garbled = Path.Combine(_root, "garbled.pub.pem");
        File.WriteAllText(garbled, "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");

        var trusted = current.TrustedWith([retiredPublic, retiredPublic]);
        var refused = Assert.Throws<InvalidDataException>(() => current.TrustedWith([retiredPublic, garbled]));
        var missing = Assert.Throws<InvalidDataException>(() => current.TrustedWith([Path.Combine(_root, "gone.pub.pem")]));

        Assert.Equal(current.KeyId, trusted.CurrentKeyId);
        Assert.Equal(new[] { current.KeyId, retired.KeyId }.Order(StringComparer.Ordinal), trusted.KeyIds.Order(StringComparer.Ordinal));
        Assert.Equal(retired.PublicKeyPem, trusted.PemOf(retired.KeyId));
        using (var verifier = trusted.VerifierFor("an id nobody trusts"))
        {
            Assert.Equal(current.KeyId, SigningKeyId.Of(verifier));
        }

        Assert.Contains(garbled, refused.Message, StringComparison.Ordinal);
        Assert.Contains("gone.pub.pem", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysThatCannotSignEvidence_AreRefusedAtStartUp_SayingWhy()
    {
        var publicOnly = Path.Combine(_root, "evidence.pub.pem");
        using (var key = EvidenceSigningKey.LoadOrCreate(Path.Combine(_root, "evidence.pem")))
        {
            File.WriteAllText(publicOnly, key.PublicKeyPem);
        }

        var otherCurve = Path.Combine(_root, "p384.pem");
        using (var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(otherCurve, p384.ExportPkcs8PrivateKeyPem());
        }

        Assert.Contains("no private key", Assert.Throws<InvalidDataException>(() => EvidenceSigningKey.LoadOrCreate(publicOnly)).Message, StringComparison.Ordinal);
        Assert.Contains("not on the P-256 curve", Assert.Throws<InvalidDataException>(() => EvidenceSigningKey.LoadOrCreate(otherCurve)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartsRacingOnAFreshMachine_AllEndWithTheSameKey_GeneratedOnce()
    {
        var path = Path.Combine(_root, "evidence.pem");

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => EvidenceSigningKey.LoadOrCreate(path))));

        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        Assert.Single(keys, k => k.WasCreated);
        Assert.Equal(["evidence.pem"], Directory.GetFiles(_root).Select(Path.GetFileName));
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
