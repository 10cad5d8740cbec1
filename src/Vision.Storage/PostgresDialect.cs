using System.Data.Common;
using Npgsql;

namespace Vision.Storage;

/// <summary>PostgreSQL through Npgsql (pooled); identity columns and transaction-scoped advisory locks.</summary>
public sealed class PostgresDialect : SqlDialect
{
    private const long MigrationLockKey = 0x5649_5349_4F4E_0001;
    private const long AlertOrderLockKey = 0x5649_5349_4F4E_0002;
    private readonly string _connectionString;

    /// <summary>The store's statements are few and repeated: unless the connection string says otherwise, Npgsql prepares them automatically.</summary>
    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!NamesMaxAutoPrepare(connectionString))
        {
            builder.MaxAutoPrepare = 64;
        }

        _connectionString = builder.ConnectionString;
        Location = $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>
    /// Whether the operator set Max Auto Prepare, 0 included (behind PgBouncer in transaction mode prepared statements
    /// fail on the next server connection); Npgsql's builder cannot tell 0 from unset.
    /// </summary>
    private static bool NamesMaxAutoPrepare(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string Location { get; }

    public override DbConnection CreateConnection() => new NpgsqlConnection(_connectionString);

    public override string SessionSetup => string.Empty;

    public override string IdentityColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string MemberOf(string column, string listParameter) => $"{column} = ANY(@{listParameter})";

    public override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    public override string WaitForRowWriters => " FOR SHARE";

    public override string Median(string value, string rows) => $"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY {value}) {rows};";

    public override string BlobType => "BYTEA";

    public override string MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey});";

    // Sequence values are handed out at insert, not at commit: without this, position 7 could commit before 6 and a
    // subscriber that already moved past 7 would never see 6.
    public override string AlertOrderLock => $"SELECT pg_advisory_xact_lock({AlertOrderLockKey});";
}
