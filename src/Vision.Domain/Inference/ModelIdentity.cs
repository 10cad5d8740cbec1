using System.Security.Cryptography;

namespace Vision.Domain.Inference;

/// <summary>Which model produced a result: a readable name and the SHA-256 of the exact file that ran.</summary>
public sealed record ModelIdentity(string Name, string Sha256)
{
    public static ModelIdentity OfFile(string name, string path)
    {
        using var stream = File.OpenRead(path);
        return new ModelIdentity(name, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    public override string ToString() => $"{Name} (sha256 {Sha256[..12]}…)";
}
