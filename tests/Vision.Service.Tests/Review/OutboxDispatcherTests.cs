using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vision.Service.Delivery;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The dispatcher's retry schedule and dead-lettering against a real (down) Open311 server, on a hand-moved clock.</summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-outbox-" + Guid.NewGuid().ToString("N")[..12]);
    private FlakyOpen311Backend _backend = null!;

    public async Task InitializeAsync() =>
        _backend = await FlakyOpen311Backend.StartAsync(seed: 3, lateAnswer: TimeSpan.FromSeconds(1), refusedFraction: 1);

    [Fact]
    public async Task BackendDown_RetriesWithGrowingJitteredBackoff_ThenDeadLettersAfterMaxAttempts()
    {
        var time = new FakeTimeProvider(ViolationSamples.Morning);
        var database = new ViolationDatabase(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(10)), time,
            NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var recorder = new ViolationRecorder(database, CameraPositions.None, new AlertSignal(), DeliveryTrigger.OnDetection, NullLogger<ViolationRecorder>.Instance);
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning);
        await recorder.RecordAsync(candidate, null, CancellationToken.None);
        var options = new DeliveryOptions
        {
            Target = DeliveryTarget.Open311, Open311BaseUrl = _backend.BaseUrl, MaxAttempts = 3,
            InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(15), RequestTimeout = TimeSpan.FromSeconds(5),
        };
        using var http = new HttpClient();
        var outbox = new DeliveryOutbox(database);
        var dispatcher = new OutboxDispatcher(outbox, new ReviewStore(database, DeliveryTrigger.OnDetection, NullLogger<ReviewStore>.Instance),
            new Open311ReportBackend(http, options), Options.Create(options), time, NullLogger<OutboxDispatcher>.Instance);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterFirst = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 1), (afterFirst!.Status, afterFirst.Attempts));
        Assert.StartsWith("HTTP 503", afterFirst.LastError, StringComparison.Ordinal);
        Assert.InRange(afterFirst.NextAttemptAt - time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterSecond = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Pending, 2), (afterSecond!.Status, afterSecond.Attempts));
        Assert.InRange(afterSecond.NextAttemptAt - time.GetUtcNow(), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15));

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var dead = await outbox.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.DeadLettered, 3), (dead!.Status, dead.Attempts));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(3, _backend.Requests);
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public void Backoff_DoublesPerFailure_WithinJitterBounds_UpToTheCap()
    {
        var backoff = new DeliveryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), new Random(5));
        var first = Enumerable.Range(0, 200).Select(_ => backoff.After(1)).ToList();
        Assert.All(first, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        Assert.True(first.Distinct().Count() > 150, "the waits must be jittered");
        Assert.All(Enumerable.Range(0, 200).Select(_ => backoff.After(4)), d => Assert.InRange(d, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)));
        Assert.All(Enumerable.Range(0, 200).Select(_ => backoff.After(40)), d => Assert.InRange(d, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
