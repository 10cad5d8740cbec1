using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Runtime;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.Tests.Hosting;

/// <summary>A watchlist hit against a real SQLite store that cannot take it for a while.</summary>
public sealed class WatchlistHitWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-watchlist-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task AHitTheStoreCannotTakeYet_IsStoredOnceItCan_NotDropped()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "vision.db");
        var database = new ViolationDatabase(new SqliteDialect(path, TimeSpan.FromMilliseconds(300)), TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var alerts = new AlertLog(database, new AlertSignal());
        var seenAt = new DateTimeOffset(2026, 12, 7, 8, 15, 0, TimeSpan.FromHours(7));
        var hit = new WatchlistHitEvent("hue-le-loi-1", 7700, seenAt, 77, seenAt.AddSeconds(-2),
            new WatchlistHit(new WatchlistEntry("75A-999.99", "stolen", null), "75A99999", WatchlistMatchKind.Exact, 0, 0, 0.96f));

        // Another writer holds the database (a long migration, a backup): every write fails after the busy timeout.
        await using var holder = new SqliteConnection($"Data Source={path}");
        await holder.OpenAsync();
        await using (var lockCommand = holder.CreateCommand())
        {
            lockCommand.CommandText = "BEGIN EXCLUSIVE;";
            await lockCommand.ExecuteNonQueryAsync();
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var storing = new WatchlistHitWriter(alerts, TimeProvider.System, NullLogger.Instance).StoreAsync(hit, bound.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(storing.IsCompleted, "the hit was given up while the store was held");
        await using (var release = holder.CreateCommand())
        {
            release.CommandText = "ROLLBACK;";
            await release.ExecuteNonQueryAsync();
        }

        await storing.WaitAsync(TimeSpan.FromSeconds(30));
        var stored = Assert.Single(await alerts.ReadAfterAsync(0, 10, CancellationToken.None));
        Assert.Equal(("hue-le-loi-1", "75A99999"), (stored.CameraId, stored.PlateText));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
