using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Vision.Storage;

/// <summary>SQLite in WAL mode with full synchronous commits: a commit that returned survives a killed process and a power cut.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    public SqliteDialect(string path, TimeSpan busyTimeout)
    {
        FilePath = Path.GetFullPath(path);
        _busyTimeoutMs = (int)busyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    public string FilePath { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Location => FilePath;

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override string SessionSetup =>
        $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string MemberOf(string column, string listParameter) => $"{column} IN @{listParameter}";

    public override string SkipLockedRows => string.Empty;

    public override string WaitForRowWriters => string.Empty;

    /// <summary>SQLite has no percentile function: the middle one or two values of the sorted rows, found by offset, averaged.</summary>
    public override string Median(string value, string rows) => $"""
        SELECT AVG(middle) FROM (
            SELECT {value} AS middle {rows} ORDER BY 1
            LIMIT 2 - (SELECT COUNT(*) {rows}) % 2 OFFSET ((SELECT COUNT(*) {rows}) - 1) / 2);
        """;

    public override string BlobType => "BLOB";

    // A SQLite database has one writer at a time: transactions (BEGIN IMMEDIATE) already commit in order.
    public override string MigrationLock => string.Empty;

    public override string AlertOrderLock => string.Empty;
}
