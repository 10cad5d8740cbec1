using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.Violations;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Benchmarks;

/// <summary>
/// Sustained store throughput on this machine, durable settings on both engines (SQLite WAL with synchronous=FULL,
/// PostgreSQL with fsync on): violation inserts per second (one writer, as one camera's evidence stage, and four, as
/// several cameras at once; each insert is the full recording transaction), and review queries per second (a page of
/// 50 pending violations of one camera, newest first, plus one violation's details) over the stored violations.
/// </summary>
public static class StoreHarness
{
    public static async Task RunAsync(TimeSpan duration, TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vision-store-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await MeasureAsync("SQLite", new SqliteDialect(Path.Combine(folder, "vision.db"), TimeSpan.FromSeconds(10)), duration, output);
            await using var cluster = await TemporaryPostgresCluster.StartAsync(durable: true, CancellationToken.None);
            await MeasureAsync("PostgreSQL", new PostgresDialect(await cluster.CreateDatabaseAsync("vision_bench", CancellationToken.None)), duration, output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task MeasureAsync(string engine, SqlDialect dialect, TimeSpan duration, TextWriter output)
    {
        var database = new ViolationDatabase(dialect, TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var recorder = new ViolationRecorder(database, CameraPositions.None, new AlertSignal(), DeliveryTrigger.OnConfirmation, NullLogger<ViolationRecorder>.Instance);
        var review = new ReviewStore(database, DeliveryTrigger.OnConfirmation, NullLogger<ReviewStore>.Instance);
        var nextTrack = 0L;

        foreach (var writers in new[] { 1, 4 })
        {
            var inserted = 0L;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                while (stopwatch.Elapsed < duration)
                {
                    var track = Interlocked.Increment(ref nextTrack);
                    var candidate = ViolationSamples.Candidate(track, ViolationSamples.Morning.AddMilliseconds(track * 40), cameraId: $"cam-{track % 8}",
                        kind: (ViolationKind)(track % 11));
                    await recorder.RecordAsync(candidate, new EvidenceReference($"pkg-{track}", new string('e', 64)), CancellationToken.None);
                    Interlocked.Increment(ref inserted);
                }
            })));
            Report(output, engine, $"violation inserts, {writers} writer(s)", inserted, stopwatch.Elapsed);
        }

        var stored = Interlocked.Read(ref nextTrack);
        foreach (var readers in new[] { 1, 4 })
        {
            var queries = 0L;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
            {
                var random = new Random(r);
                while (stopwatch.Elapsed < duration)
                {
                    var page = await review.ListAsync(new ViolationFilter(CameraId: $"cam-{random.Next(8)}", Status: ReviewStatus.Pending), 50, null, CancellationToken.None);
                    _ = await review.GetAsync(page.Violations[random.Next(page.Violations.Count)].Id, CancellationToken.None);
                    Interlocked.Increment(ref queries);
                }
            })));
            Report(output, engine, $"review queries (page of 50 + details) over {stored} violations, {readers} reader(s)", queries, stopwatch.Elapsed);
        }
    }

    private static void Report(TextWriter output, string engine, string what, long count, TimeSpan elapsed) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine,-10} {what}: {count / elapsed.TotalSeconds:F0}/s ({count} in {elapsed.TotalSeconds:F1} s)"));
}
