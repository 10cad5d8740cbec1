using Dapper;

namespace Vision.Storage.Accounts;

/// <summary>
/// The web app's key ring (the keys that protect sign-in cookies and anti-forgery tokens), kept in the store: every
/// node of one store accepts the cookies and forms the others issued, and a restart signs nobody out. Keys are added,
/// never changed (a key's expiry is written in its own XML); thread-safe, share one instance.
/// </summary>
public sealed class KeyRingStore(ViolationDatabase database)
{
    /// <summary>Every key's XML, oldest first.</summary>
    public async Task<IReadOnlyList<string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM key_ring ORDER BY stored_ms, name;", cancellationToken: cancellationToken));
        return [.. keys];
    }

    /// <summary>Adds a key under its unique name; a name already stored is kept as it was.</summary>
    public async Task AddAsync(string name, string xml, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO key_ring (name, xml, stored_ms) VALUES (@Name, @Xml, @NowMs) ON CONFLICT (name) DO NOTHING;",
            new { Name = name, Xml = xml, database.NowMs }, cancellationToken: cancellationToken));
    }
}
