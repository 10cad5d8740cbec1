using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vision.Domain.Geography;
using Vision.Service.Delivery;
using Vision.Storage;
using Vision.Storage.CrashHarness;

// The store and outbox dispatcher of the service in a process a test can SIGKILL:
//   Vision.Storage.CrashHarness <sqlite-file> <open311-base-url> <count> <pace-ms>
// Records violations 0..count-1 (every detection queued for delivery) while the dispatcher sends them, printing
// "ACK <id>" once each recording returned (= acknowledged), then waits until every report is sent and prints "DELIVERED".
var sqlitePath = args[0];
var backendUrl = new Uri(args[1]);
var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var pace = TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));

var time = TimeProvider.System;
var database = new ViolationDatabase(new SqliteDialect(sqlitePath, TimeSpan.FromSeconds(10)), time, NullLogger<ViolationDatabase>.Instance);
await database.MigrateAsync(CancellationToken.None);
var recorder = new ViolationRecorder(database,
    new CameraPositions(new Dictionary<string, GeoPosition> { ["hue-le-loi-1"] = new(16.4637, 107.5909) }),
    new AlertSignal(), DeliveryTrigger.OnDetection, NullLogger<ViolationRecorder>.Instance);
var options = new DeliveryOptions
{
    Trigger = DeliveryTrigger.OnDetection,
    Target = DeliveryTarget.Open311,
    Open311BaseUrl = backendUrl,
    RequestTimeout = TimeSpan.FromMilliseconds(300),
    InitialBackoff = TimeSpan.FromMilliseconds(20),
    MaxBackoff = TimeSpan.FromMilliseconds(300),
    PollInterval = TimeSpan.FromMilliseconds(20),
    MaxAttempts = 100,
};
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
var dispatcher = new OutboxDispatcher(new DeliveryOutbox(database), new ReviewStore(database, DeliveryTrigger.OnDetection, NullLogger<ReviewStore>.Instance),
    new Open311ReportBackend(http, options), Options.Create(options), time, NullLoggerFactory.Instance.CreateLogger<OutboxDispatcher>());
await dispatcher.StartAsync(CancellationToken.None);

var output = Console.Out;
for (var i = 0; i < count; i++)
{
    var candidate = BurstViolations.Candidate(i);
    await recorder.RecordAsync(candidate, new Vision.Domain.Violations.EvidenceReference($"pkg-{i}", new string('e', 64)), CancellationToken.None);
    await output.WriteLineAsync("ACK " + candidate.Id);
    await output.FlushAsync();
    await Task.Delay(pace);
}

await output.WriteLineAsync("RECORDED");
while (true)
{
    await using var connection = await database.OpenAsync(CancellationToken.None);
    if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status <> 'Sent'") == 0)
    {
        break;
    }

    await Task.Delay(50);
}

await dispatcher.StopAsync(CancellationToken.None);
await output.WriteLineAsync("DELIVERED");
await output.FlushAsync();
