using System.Data.Common;

namespace Vision.Storage;

/// <summary>
/// Everything that differs between the engines, in one place: connections and their session settings, the column
/// types the portable migrations name by placeholder, and the lock that makes alert positions commit in order.
/// </summary>
public abstract class SqlDialect
{
    public abstract StorageProvider Provider { get; }

    /// <summary>Where the store is, for the start-up log: the SQLite file, or the PostgreSQL host and database (never credentials).</summary>
    public abstract string Location { get; }

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Session settings run on every opened connection.</summary>
    public abstract string SessionSetup { get; }

    /// <summary>An auto-increasing 64-bit primary key column, for <c>{identity}</c> in migrations.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>A byte string column type, for <c>{blob}</c> in migrations.</summary>
    public abstract string BlobType { get; }

    /// <summary>Run first in the migration transaction so concurrent starts migrate one at a time (empty when writes already serialise).</summary>
    public abstract string MigrationLock { get; }

    /// <summary>
    /// Run right before inserting an alert, held to commit: alert positions then become visible in increasing order,
    /// so a reader that saw position n never later finds a smaller one (empty when writes already serialise).
    /// </summary>
    public abstract string AlertOrderLock { get; }

    /// <summary>A condition that <paramref name="column"/> is one of the list parameter (Dapper expands lists for SQLite, passes arrays to PostgreSQL).</summary>
    public abstract string MemberOf(string column, string listParameter);

    /// <summary>
    /// A query for the median of <paramref name="value"/> over the rows of <paramref name="rows"/> (a <c>FROM … WHERE …</c>
    /// clause whose rows all have a value), one double or NULL when there are none: the engine sorts, only the median
    /// leaves the database.
    /// </summary>
    public abstract string Median(string value, string rows);

    /// <summary>Appended to the row-selecting subquery of a claim so concurrent claimers skip each other's rows (empty when writes serialise).</summary>
    public abstract string SkipLockedRows { get; }

    /// <summary>
    /// Appended to a subquery whose rows a concurrent transaction may be changing, so the statement waits for that
    /// transaction and judges the rows as it left them (empty when writes serialise).
    /// </summary>
    public abstract string WaitForRowWriters { get; }

    /// <summary>A portable migration with its placeholders replaced by this engine's types.</summary>
    public string Expand(string portableSql) =>
        portableSql.Replace("{identity}", IdentityColumn, StringComparison.Ordinal)
            .Replace("{blob}", BlobType, StringComparison.Ordinal);

    public static SqlDialect For(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => new SqliteDialect(options.SqlitePath, options.SqliteBusyTimeout),
        StorageProvider.Postgres => new PostgresDialect(options.PostgresConnectionString!),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider."),
    };
}
