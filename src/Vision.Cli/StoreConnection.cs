using Microsoft.Extensions.Logging.Abstractions;
using Vision.Storage;

namespace Vision.Cli;

/// <summary>
/// The service's store, opened directly for administration (accounts and keys) and migrated first, so the first officer
/// can be created before the service ever ran: <c>--sqlite PATH</c> (default <c>data/vision.db</c>, the service's default
/// from the repository root) or <c>--postgres "CONNECTION STRING"</c>.
/// </summary>
internal static class StoreConnection
{
    public static async Task<ViolationDatabase> OpenAsync(string? sqlitePath, string? postgres, CancellationToken cancellationToken)
    {
        var options = postgres is not null
            ? new StorageOptions { Provider = StorageProvider.Postgres, PostgresConnectionString = postgres }
            : new StorageOptions { SqlitePath = sqlitePath ?? "data/vision.db" };
        var database = new ViolationDatabase(SqlDialect.For(options), TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(cancellationToken);
        return database;
    }
}
