using Microsoft.Extensions.Logging.Abstractions;
using Vision.Storage;

namespace Vision.Cli;

/// <summary>
/// The service's store, opened directly for administration (accounts and keys) and migrated first, so the first officer
/// can be created before the service ever ran: <c>--sqlite PATH</c> (default <c>data/vision.db</c>, the service's default
/// from the repository root) or <c>--postgres "CONNECTION STRING"</c>, or the connection string in the environment
/// variable <c>VISION_POSTGRES</c> (kept out of shell history and the process list, as it holds a password). Only commands that add something may create a
/// SQLite store: listing, disabling or revoking in a store that is not there would report on a new empty one (a mistyped
/// path, or the command run from another folder).
/// </summary>
internal static class StoreConnection
{
    public const string PostgresVariable = "VISION_POSTGRES";

    public static async Task<ViolationDatabase> OpenAsync(string? sqlitePath, string? postgres, bool mayCreate, CancellationToken cancellationToken)
    {
        // A store named on the command line wins over the environment's.
        postgres ??= sqlitePath is null && Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var path = sqlitePath ?? "data/vision.db";
        if (postgres is null && !mayCreate && !File.Exists(path))
        {
            throw new FileNotFoundException($"there is no store at {Path.GetFullPath(path)} (--sqlite names the service's store file).", path);
        }

        var options = postgres is not null
            ? new StorageOptions { Provider = StorageProvider.Postgres, PostgresConnectionString = postgres }
            : new StorageOptions { SqlitePath = path };
        var database = new ViolationDatabase(SqlDialect.For(options), TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(cancellationToken);
        return database;
    }
}
