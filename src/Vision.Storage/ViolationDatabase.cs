using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Vision.Storage.Schema;

namespace Vision.Storage;

/// <summary>
/// The store's database: opens configured connections and brings the schema up to date (numbered migrations applied
/// in one transaction each, recorded in <c>schema_version</c>). Thread-safe; share one instance.
/// </summary>
public sealed partial class ViolationDatabase
{
    private readonly ILogger _logger;

    static ViolationDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ViolationDatabase(SqlDialect dialect, TimeProvider time, ILogger<ViolationDatabase> logger)
    {
        Dialect = dialect;
        Time = time;
        _logger = logger;
    }

    public SqlDialect Dialect { get; }

    /// <summary>The clock for record, decision and delivery times (not for capture times: those come from frames).</summary>
    public TimeProvider Time { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>An open connection with the engine's session settings applied.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Dialect.SessionSetup.Length > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Dialect.SessionSetup, cancellationToken: cancellationToken));
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A new SQLite store and its folder are the owner's alone (0600, 0700; SQLite gives its WAL and shared-memory files
    /// the database's mode): the store holds password hashes and the keys that sign sign-in cookies, and a umask of 022
    /// left them readable by every local user.
    /// </summary>
    private static void CreatePrivately(string databasePath)
    {
        var folder = Path.GetDirectoryName(databasePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            using var created = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // There already: its mode is the operator's.
        }
    }

    /// <summary>Creates the database (SQLite file and folder; WAL mode) if needed and applies the missing migrations. Returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        if (Dialect is SqliteDialect sqlite)
        {
            CreatePrivately(sqlite.FilePath);
        }

        await using var connection = await OpenAsync(cancellationToken);
        if (Dialect is SqliteDialect)
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        }

        var current = 0;
        foreach (var migration in SchemaMigrations.All)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (Dialect.MigrationLock.Length > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Dialect.MigrationLock, transaction: transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, description TEXT NOT NULL, applied_ms BIGINT NOT NULL);",
                transaction: transaction, cancellationToken: cancellationToken));
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_version WHERE version = @Version;", new { migration.Version },
                transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Dialect.Expand(migration.PortableSql), transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, description, applied_ms) VALUES (@Version, @Description, @AppliedMs);",
                    new { migration.Version, migration.Description, AppliedMs = NowMs },
                    transaction, cancellationToken: cancellationToken));
                MigrationApplied(_logger, migration.Version, migration.Description, Dialect.Provider);
            }

            await transaction.CommitAsync(cancellationToken);
            current = migration.Version;
        }

        return current;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Schema migration {Version} applied on {Provider}: {Description}")]
    private static partial void MigrationApplied(ILogger logger, int version, string description, StorageProvider provider);
}
