using System.Runtime.Versioning;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Vision.Storage.Tests.Support;

namespace Vision.Storage.Tests;

/// <summary>The store contract on an embedded SQLite file (WAL), one fresh file per store.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<SqlDialect> CreateDialectAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8], "vision.db"), TimeSpan.FromSeconds(10)));

    [Fact]
    public async Task Migrate_CreatesTheFileInWalMode()
    {
        var dialect = (SqliteDialect)await CreateDialectAsync();
        var store = new StoreUnderTest(dialect, new FakeTimeProvider(ViolationSamples.Morning), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(dialect.FilePath));
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Migrate_CreatesTheStoreForItsOwnerAlone_ItHoldsPasswordHashesAndCookieKeys()
    {
        var dialect = (SqliteDialect)await CreateDialectAsync();
        var store = new StoreUnderTest(dialect, new FakeTimeProvider(ViolationSamples.Morning), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);
        await store.Recorder.RecordAsync(ViolationSamples.Candidate(1, ViolationSamples.Morning), null, CancellationToken.None);

        const UnixFileMode ownerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(dialect.FilePath)!));
        Assert.Equal(ownerReadWrite, File.GetUnixFileMode(dialect.FilePath));
        Assert.Equal(ownerReadWrite, File.GetUnixFileMode(dialect.FilePath + "-wal"));
    }

    [Fact]
    public async Task Statistics_NeverLoadTheReviewTurnaroundsIntoTheService()
    {
        var store = new StoreUnderTest(await CreateDialectAsync(), new FakeTimeProvider(ViolationSamples.Morning.AddMinutes(1)), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);
        var decided = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await store.Recorder.RecordAsync(decided, null, CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(3));
        await store.Review.DecideAsync(new ReviewDecision(decided.Id, 1, "o", ReviewStatus.Confirmed), CancellationToken.None);

        await CopyAsync(store, decided.Id, 1, 99);
        var (hundred, allocatedForHundred) = await MeasureStatisticsAsync(store);
        await CopyAsync(store, decided.Id, 100, 20_099);
        var (twentyThousand, allocatedForTwentyThousand) = await MeasureStatisticsAsync(store);

        Assert.Equal((100, 20_100), (hundred.Total, twentyThousand.Total));
        // Copy i was decided i ms later than the original: the median of 0..99 ms and of 0..20099 ms after 3 minutes.
        Assert.Equal(TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(49.5), hundred.MedianTurnaround);
        Assert.Equal(TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(10_049.5), twentyThousand.MedianTurnaround);
        // 20,000 more turnarounds loaded would take at least 160 kB (8 bytes each); the engine's median takes nothing more.
        Assert.True(allocatedForTwentyThousand - allocatedForHundred < 64 * 1024,
            $"statistics allocated {allocatedForHundred} bytes for 100 decided violations, {allocatedForTwentyThousand} for 20,100");
    }

    /// <summary>The statistics and the bytes this thread allocated computing them (after a first run that warms every path up).</summary>
    private static async Task<(ViolationStatistics Statistics, long Allocated)> MeasureStatisticsAsync(StoreUnderTest store)
    {
        Task<ViolationStatistics> Compute() =>
            store.Statistics.ComputeAsync(ViolationSamples.Morning.AddHours(-1), ViolationSamples.Morning.AddHours(1), CancellationToken.None);
        await Compute();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var computing = Compute();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Microsoft.Data.Sqlite completes its asynchronous calls synchronously: all of it ran on this thread, and is counted.
        Assert.True(computing.IsCompletedSuccessfully);
        return (await computing, allocated);
    }

    /// <summary>Copies of a decided violation in one statement, copy i with its own id and decided i ms later.</summary>
    private static async Task CopyAsync(StoreUnderTest store, string violationId, int first, int last)
    {
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        var columns = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('violations');")).ToList();
        var values = columns.Select(c => c switch
        {
            "id" => "id || '-copy-' || n.i",
            "decided_ms" => "decided_ms + n.i",
            _ => c,
        });
        await connection.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT @First UNION ALL SELECT i + 1 FROM n WHERE i < @Last)
            INSERT INTO violations ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM violations, n WHERE violations.id = @Id;
            """, new { First = first, Last = last, Id = violationId });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
