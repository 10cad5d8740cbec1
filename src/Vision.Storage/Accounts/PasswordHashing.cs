using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vision.Storage.Accounts;

/// <summary>
/// Salted PBKDF2 password hashes in ASP.NET Core Identity's format, so hashes written by earlier versions of Vision
/// (which used Identity's <c>PasswordHasher</c>) still verify, without the web framework. New hashes are format 3:
/// <c>0x01</c>, then big-endian PRF (2 = HMAC-SHA512), iteration count and salt length, the salt and a 256-bit subkey,
/// Base64-encoded. Format 2 (<c>0x00</c>: HMAC-SHA1, 1,000 iterations) and weaker format-3 hashes still verify, and
/// ask to be re-hashed.
/// </summary>
public static class PasswordHashing
{
    private const byte FormatV2 = 0x00;
    private const byte FormatV3 = 0x01;
    private const int V3HeaderBytes = 13;
    private const int SaltBytes = 16;
    private const int SubkeyBytes = 32;
    private const int MinimumSaltOrSubkeyBytes = 16;
    private const int V2Iterations = 1_000;

    /// <summary>Identity's current default: 100,000 iterations of HMAC-SHA512.</summary>
    public const int Iterations = 100_000;

    private enum Prf : uint
    {
        HmacSha1 = 0,
        HmacSha256 = 1,
        HmacSha512 = 2,
    }

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = new byte[V3HeaderBytes + SaltBytes + SubkeyBytes];
        hash[0] = FormatV3;
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(1), (uint)Prf.HmacSha512);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(5), Iterations);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(9), SaltBytes);
        var salt = hash.AsSpan(V3HeaderBytes, SaltBytes);
        RandomNumberGenerator.Fill(salt);
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash.AsSpan(V3HeaderBytes + SaltBytes), Iterations, HashAlgorithmName.SHA512);
        return Convert.ToBase64String(hash);
    }

    public static PasswordCheck Verify(string hashed, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var bytes = new byte[hashed.Length];
        if (!Convert.TryFromBase64String(hashed, bytes, out var length) || length == 0)
        {
            return PasswordCheck.Failed;
        }

        var hash = bytes.AsSpan(0, length);
        return hash[0] switch
        {
            FormatV2 => VerifyV2(hash, password),
            FormatV3 => VerifyV3(hash, password),
            _ => PasswordCheck.Failed,
        };
    }

    private static PasswordCheck VerifyV2(ReadOnlySpan<byte> hash, string password)
    {
        if (hash.Length != 1 + SaltBytes + SubkeyBytes)
        {
            return PasswordCheck.Failed;
        }

        var matches = SubkeyMatches(password, hash.Slice(1, SaltBytes), hash[(1 + SaltBytes)..], V2Iterations, HashAlgorithmName.SHA1);
        return matches ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
    }

    private static PasswordCheck VerifyV3(ReadOnlySpan<byte> hash, string password)
    {
        if (hash.Length < V3HeaderBytes)
        {
            return PasswordCheck.Failed;
        }

        var prf = (Prf)BinaryPrimitives.ReadUInt32BigEndian(hash[1..]);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(hash[5..]);
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(hash[9..]);
        HashAlgorithmName? algorithm = prf switch
        {
            Prf.HmacSha1 => HashAlgorithmName.SHA1,
            Prf.HmacSha256 => HashAlgorithmName.SHA256,
            Prf.HmacSha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (algorithm is null || iterations is 0 or > int.MaxValue || saltLength < MinimumSaltOrSubkeyBytes
            || hash.Length - V3HeaderBytes - (long)saltLength < MinimumSaltOrSubkeyBytes)
        {
            return PasswordCheck.Failed;
        }

        var salt = hash.Slice(V3HeaderBytes, (int)saltLength);
        var subkey = hash[(V3HeaderBytes + (int)saltLength)..];
        if (!SubkeyMatches(password, salt, subkey, (int)iterations, algorithm.Value))
        {
            return PasswordCheck.Failed;
        }

        return iterations < Iterations || prf != Prf.HmacSha512 ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Success;
    }

    private static bool SubkeyMatches(string password, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> expected, int iterations, HashAlgorithmName algorithm)
    {
        var derived = new byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, derived, iterations, algorithm);
        return CryptographicOperations.FixedTimeEquals(derived, expected);
    }
}
