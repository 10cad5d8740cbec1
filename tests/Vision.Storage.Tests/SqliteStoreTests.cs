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
        // A connection held open keeps the write-ahead log: SQLite removes it when the last one closes (the check found no
        // file now and then in CI).
        await using var held = await store.Database.OpenAsync(CancellationToken.None);
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

    [Fact]
    public async Task Statistics_ReadRowsThatGrowWithTheHoursPlusTheCameras_NotTheirProduct()
    {
        // One violation an hour for two days on one camera (and the original on its own), then on sixty: grouped by hour, kind, camera and
        // status together, a year over 200 cameras read millions of rows per dashboard view.
        var store = new StoreUnderTest(await CreateDialectAsync(), new FakeTimeProvider(ViolationSamples.Morning.AddDays(3)), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);
        var original = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await store.Recorder.RecordAsync(original, null, CancellationToken.None);
        var (from, to) = (ViolationSamples.Morning.AddMinutes(-1), ViolationSamples.Morning.AddHours(48));

        await SpreadAsync(store, original.Id, 1, 47);
        var (oneCamera, allocatedForOne) = await MeasureAsync(() => store.Statistics.ComputeAsync(from, to, CancellationToken.None));
        await SpreadAsync(store, original.Id, 48, (48 * 60) - 1);
        var (sixtyCameras, allocatedForSixty) = await MeasureAsync(() => store.Statistics.ComputeAsync(from, to, CancellationToken.None));

        // The original's camera, and cam-0 … cam-59.
        Assert.Equal((48L, 2, 3), (oneCamera.Total, oneCamera.ByCamera.Count, oneCamera.ByDay.Count));
        Assert.Equal((48L * 60, 61, 48L * 60), (sixtyCameras.Total, sixtyCameras.ByCamera.Count, sixtyCameras.ByKind[original.Kind]));
        Assert.Equal(60, sixtyCameras.ByHour.Sum() / 48);
        // 2,832 more groups loaded would take far more than 64 kB (an object and three strings each).
        Assert.True(allocatedForSixty - allocatedForOne < 64 * 1024,
            $"statistics allocated {allocatedForOne} bytes for one camera, {allocatedForSixty} for sixty");
    }

    [Fact]
    public async Task TheOccupancyProfile_ReadsAtMostAWeekOfHoursPerZone_WhateverThePeriod()
    {
        var store = new StoreUnderTest(await CreateDialectAsync(), new FakeTimeProvider(ViolationSamples.Morning), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);
        var start = new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.Zero); // Monday 00:00 in Huế
        var zones = new ZoneOccupancyStore(store.Database);
        await InsertOccupancyHoursAsync(store, start, hours: 24 * 42);
        var zone = StatisticsQuery.VietnamTime();

        var (week, allocatedForWeek) = await MeasureAsync(() => zones.ProfileAsync(start, start.AddDays(7), zone, CancellationToken.None));
        var (sixWeeks, allocatedForSixWeeks) = await MeasureAsync(() => zones.ProfileAsync(start, start.AddDays(42), zone, CancellationToken.None));

        Assert.Equal((168, 168), (week.Count, sixWeeks.Count));
        Assert.All(sixWeeks, cell => Assert.Equal(6, cell.Hours));
        // Hour h of the profile is local hour h: the first row is Monday 00:00 in Huế, observed for 3600 s six times.
        Assert.Equal(("hue-le-loi-1", 1, 0, 6 * 3600.0), (sixWeeks[0].CameraId, sixWeeks[0].DayOfWeek, sixWeeks[0].Hour, sixWeeks[0].ObservedSeconds));
        Assert.Equal((7, 23), (sixWeeks[^1].DayOfWeek, sixWeeks[^1].Hour));
        Assert.True(allocatedForSixWeeks - allocatedForWeek < 64 * 1024,
            $"the profile allocated {allocatedForWeek} bytes for a week of hours, {allocatedForSixWeeks} for six weeks");
    }

    /// <summary>What a computation returns and the bytes this thread allocated for it (after a first run that warms every path up).</summary>
    private static async Task<(T Result, long Allocated)> MeasureAsync<T>(Func<Task<T>> compute)
    {
        await compute();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var computing = compute();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Microsoft.Data.Sqlite completes its asynchronous calls synchronously: all of it ran on this thread, and is counted.
        Assert.True(computing.IsCompletedSuccessfully);
        return (await computing, allocated);
    }

    /// <summary>Copies of a violation in one statement, copy i on camera cam-(i / 48), i % 48 hours later.</summary>
    private static Task SpreadAsync(StoreUnderTest store, string violationId, int first, int last) =>
        CopiesAsync(store, violationId, first, last, new Dictionary<string, string>
        {
            ["id"] = "id || '-spread-' || n.i", ["camera_id"] = "'cam-' || (n.i / 48)", ["occurred_ms"] = "occurred_ms + (n.i % 48) * 3600000",
        });

    /// <summary>Copies of a decided violation in one statement, copy i with its own id and decided i ms later.</summary>
    private static Task CopyAsync(StoreUnderTest store, string violationId, int first, int last) =>
        CopiesAsync(store, violationId, first, last, new Dictionary<string, string> { ["id"] = "id || '-copy-' || n.i", ["decided_ms"] = "decided_ms + n.i" });

    /// <summary>Copies i = first … last of a violation in one statement, the columns named computed from i (<c>n.i</c>).</summary>
    private static async Task CopiesAsync(StoreUnderTest store, string violationId, int first, int last, Dictionary<string, string> computed)
    {
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        var columns = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('violations');")).ToList();
        var values = columns.Select(c => computed.GetValueOrDefault(c, c));
        await connection.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT @First UNION ALL SELECT i + 1 FROM n WHERE i < @Last)
            INSERT INTO violations ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM violations, n WHERE violations.id = @Id;
            """, new { First = first, Last = last, Id = violationId });
    }

    /// <summary>One zone observed fully for every hour from <paramref name="start"/> on.</summary>
    private static async Task InsertOccupancyHoursAsync(StoreUnderTest store, DateTimeOffset start, int hours)
    {
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @Last)
            INSERT INTO zone_occupancy (camera_id, zone_name, hour_ms, run_started_ms, observed_seconds, share_seconds, parked_vehicle_seconds, peak_share, peak_parked_vehicles)
            SELECT 'hue-le-loi-1', 'east sidewalk', @StartMs + n.i * 3600000, @StartMs, 3600, 1800, 7200, 0.8, 5 FROM n;
            """, new { Last = hours - 1, StartMs = start.ToUnixTimeMilliseconds() });
    }

    /// <summary>The statistics of the two hours around the morning and the bytes this thread allocated computing them.</summary>
    private static Task<(ViolationStatistics Result, long Allocated)> MeasureStatisticsAsync(StoreUnderTest store) =>
        MeasureAsync(() => store.Statistics.ComputeAsync(ViolationSamples.Morning.AddHours(-1), ViolationSamples.Morning.AddHours(1), CancellationToken.None));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
