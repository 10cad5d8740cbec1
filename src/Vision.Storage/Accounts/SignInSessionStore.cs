using System.Security.Cryptography;
using Dapper;

namespace Vision.Storage.Accounts;

/// <summary>
/// The server's record of each signed-in session of a local account. The session cookie carries only the session's
/// id; a session is valid while its row exists and its absolute end has not passed, so signing out (which deletes
/// the row) ends it on every node, even for a copy of the cookie. Thread-safe; share one instance.
/// </summary>
public sealed class SignInSessionStore(ViolationDatabase database)
{
    /// <summary>Starts a session that ends, used or not, after <paramref name="lifetime"/>; returns its id.</summary>
    public async Task<string> StartAsync(string username, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_sessions WHERE ends_ms <= @NowMs;", new { NowMs = nowMs }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sign_in_sessions (id, username, started_ms, ends_ms) VALUES (@Id, @Username, @NowMs, @EndsMs);",
            new { Id = id, Username = username, NowMs = nowMs, EndsMs = nowMs + (long)lifetime.TotalMilliseconds },
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Whether the session exists, belongs to <paramref name="username"/> and has not reached its end.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sign_in_sessions WHERE id = @Id AND username = @Username AND ends_ms > @NowMs;",
            new { Id = sessionId, Username = username, NowMs = database.NowMs }, cancellationToken: cancellationToken));
        return found > 0;
    }

    /// <summary>Ends one session; false when it had already ended.</summary>
    public async Task<bool> EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_sessions WHERE id = @Id;", new { Id = sessionId }, cancellationToken: cancellationToken)) == 1;
    }
}
