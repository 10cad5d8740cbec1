using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Pipeline.Tests.Support;
using Vision.Storage;

namespace Vision.Service.Tests.Review;

/// <summary>
/// SIGKILL in the middle of a burst: a child process records violations (each queued for delivery) while its outbox
/// dispatcher sends them to a flaky Open311 backend; the test kills it without warning, checks that every acknowledged
/// violation is in the SQLite file, restarts it, and checks that every report reached the backend exactly once.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Violations = 200;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-crash-" + Guid.NewGuid().ToString("N")[..12]);
    private FlakyOpen311Backend _backend = null!;

    private string DatabasePath => Path.Combine(_folder, "vision.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _backend = await FlakyOpen311Backend.StartAsync(seed: 11, lateAnswer: TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public async Task KilledMidBurst_AndRestarted_KeepsEveryAcknowledgedViolation_AndDeliversEachReportOnce()
    {
        var acknowledged = new List<string>();
        using (var first = StartHarness())
        {
            while (acknowledged.Count < Violations / 3 && await first.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acknowledged.Add(line[4..]);
                }
            }

            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no finally blocks.
            await first.WaitForExitAsync();
            Assert.Equal(137, first.ExitCode);
        }

        var requestsBeforeKill = _backend.Requests;
        Assert.Equal(Violations / 3, acknowledged.Count);
        Assert.True(requestsBeforeKill > 0, "the kill should hit while deliveries are in flight");

        // Every acknowledged violation survived the kill.
        var review = new ReviewStore(new ViolationDatabase(new SqliteDialect(DatabasePath, TimeSpan.FromSeconds(10)), TimeProvider.System,
            NullLogger<ViolationDatabase>.Instance), DeliveryTrigger.OnDetection, NullLogger<ReviewStore>.Instance);
        foreach (var id in acknowledged)
        {
            Assert.NotNull(await review.GetAsync(id, CancellationToken.None));
        }

        using (var second = StartHarness())
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await second.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
            }

            await second.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, second.ExitCode);
            Assert.Equal("DELIVERED", lines[^1]);
            Assert.Equal(Violations, lines.Count(l => l.StartsWith("ACK ", StringComparison.Ordinal)));
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        Assert.Equal(Violations, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM violations"));
        Assert.Equal(Violations, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(Violations, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Sent'"));
        var expected = (await connection.QueryAsync<string>("SELECT id FROM violations")).ToHashSet();
        Assert.Superset(acknowledged.ToHashSet(), expected);
        Assert.Equal(expected, _backend.Received.Keys.ToHashSet());
        Assert.Equal(Violations, _backend.ServiceRequestsCreated);
        Assert.True(_backend.Refused > 0 && _backend.AnsweredLate > 0);
    }

    private Process StartHarness()
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!); // bin/<configuration>/net10.0
        var harness = Path.Combine(TestAssets.RepositoryRoot, "tests", "Vision.Storage.CrashHarness", "bin", configuration, "net10.0",
            "Vision.Storage.CrashHarness.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { harness, DatabasePath, _backend.BaseUrl.ToString(), Violations.ToString(System.Globalization.CultureInfo.InvariantCulture), "5" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash harness.");
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
