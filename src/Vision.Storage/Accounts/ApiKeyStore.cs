using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Vision.Storage.Accounts;

/// <summary>
/// API keys in the store: <c>vk_&lt;id&gt;_&lt;secret&gt;</c>, 256 random bits of secret of which only the SHA-256 is kept
/// (a slow hash adds nothing to a random secret, and every call checks one). Each call looks its key up, so a key
/// added or revoked takes effect at once, without a restart: rotate by adding the new key, moving the client, revoking the old.
/// </summary>
public sealed partial class ApiKeyStore(ViolationDatabase database, ILogger<ApiKeyStore> logger)
{
    private const string Prefix = "vk_";
    private const int IdHexLength = 16;
    private const int MaxPresentedLength = 128;

    /// <summary>Creates a key; the returned secret is shown once and cannot be recovered.</summary>
    public async Task<(ApiKey Key, string Secret)> AddAsync(string name, string role, IReadOnlyCollection<string> cameras, CancellationToken cancellationToken)
    {
        if (name.Length is 0 or > AccountNames.MaxDisplayNameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException($"a key name is 1–{AccountNames.MaxDisplayNameLength} characters without control characters.", nameof(name));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO api_keys (id, name, role, cameras, secret_sha256, created_ms) VALUES (@Id, @Name, @Role, @Cameras, @Hash, @NowMs);
            """, new { Id = id, Name = name, Role = role, Cameras = string.Join(',', cameras), Hash = Hash(secret), NowMs = nowMs },
            cancellationToken: cancellationToken));
        KeyAdded(logger, id, name, role);
        return (new ApiKey(id, name, role, cameras.ToList(), DateTimeOffset.FromUnixTimeMilliseconds(nowMs), null), $"{Prefix}{id}_{secret}");
    }

    /// <summary>Revokes a key at once; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var revoked = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_ms = @NowMs WHERE id = @Id AND revoked_ms IS NULL;",
            new { Id = id.Trim().ToLowerInvariant(), NowMs = database.NowMs }, cancellationToken: cancellationToken)) == 1;
        if (revoked)
        {
            KeyRevoked(logger, id);
        }

        return revoked;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT id, name, role, cameras, secret_sha256, created_ms, revoked_ms FROM api_keys ORDER BY created_ms, id;", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToKey()).ToList();
    }

    /// <summary>The key a client presented, when it is well-formed, known, not revoked and its secret matches; otherwise null.</summary>
    /// <summary>Whether the key is known and not revoked (a call admitted with it asks again while it lasts).</summary>
    public async Task<bool> IsActiveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM api_keys WHERE id = @Id AND revoked_ms IS NULL;", new { Id = id }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length > MaxPresentedLength || !presented.StartsWith(Prefix, StringComparison.Ordinal)
            || presented.IndexOf('_', Prefix.Length) is var separator && separator != Prefix.Length + IdHexLength)
        {
            return null;
        }

        var id = presented.Substring(Prefix.Length, IdHexLength);
        var secret = presented[(separator + 1)..];
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT id, name, role, cameras, secret_sha256, created_ms, revoked_ms FROM api_keys WHERE id = @Id;", new { Id = id },
            cancellationToken: cancellationToken));
        if (row is null || row.RevokedMs is not null)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(row.SecretSha256)) ? row.ToKey() : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "API key {KeyId} ({Name}) added for role {Role}")]
    private static partial void KeyAdded(ILogger logger, string keyId, string name, string role);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Information, Message = "API key {KeyId} revoked")]
    private static partial void KeyRevoked(ILogger logger, string keyId);

    private sealed record KeyRow(string Id, string Name, string Role, string Cameras, string SecretSha256, long CreatedMs, long? RevokedMs)
    {
        public ApiKey ToKey() => new(Id, Name, Role, Cameras.Split(',', StringSplitOptions.RemoveEmptyEntries),
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), RevokedMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }
}
