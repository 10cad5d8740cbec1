using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;
using NATS.Net;
using Vision.Pipeline.Evidence;
using Vision.Service.Cluster;
using Vision.Service.Tests.EndToEnd;
using Vision.Service.Tests.Support;
using Vision.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// Two Vision node processes on one nats-server -js and one PostgreSQL, one camera each. Then the network between one
/// node and NATS stops passing anything while every connection stays open: that node sees no disconnection, its
/// requests just go unanswered, and it cannot renew its lease. The other node takes the camera once the lease expired;
/// the cut-off node must stop it about then (a lease it cannot confirm may be another node's), not run it beside its
/// new owner until the network passes again. Then the node takes its share back.
/// </summary>
public sealed class ClusterPartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly string[] CameraIds = ["hue-partition-1", "hue-partition-2"];

    [Fact]
    public async Task ANodeCutOffFromNats_WithoutADisconnection_StopsItsCamera_OnceItsLeaseMayBeAnotherNodes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var folder = Path.Combine(Path.GetTempPath(), "vision-partition-" + Guid.NewGuid().ToString("N")[..12]);
        await RenderedJunctionService.WriteScenesAsync(folder);
        EvidenceSigningKey.LoadOrCreate(Path.Combine(folder, "keys", "evidence-signing.pem"));
        await using var nats = await NatsServerProcess.StartAsync(ct);
        await using var proxy = new FreezableTcpProxy(nats.Port);
        await using var postgres = await TemporaryPostgresCluster.StartAsync(durable: false, ct);
        var connectionString = await postgres.CreateDatabaseAsync("vision_partition", ct);
        await using var issuer = await TestTokenIssuer.StartAsync();
        // node-b reaches NATS only through the proxy.
        var starting = new[] { ("node-a", nats.Url), ("node-b", $"nats://127.0.0.1:{proxy.Port}") }
            .Select(node => ServiceProcess.StartAsync(NodeArguments(folder, connectionString, issuer, node.Item1, node.Item2), TimeSpan.FromMinutes(4), ct))
            .ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(node => node.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var nodeA = await starting[0];
        await using var nodeB = await starting[1];
        await using var client = new NatsConnection(new NatsOpts { Url = nats.Url });
        var owners = await client.CreateKeyValueStoreContext().GetStoreAsync(ClusterNames.OwnersBucket, ct);
        var log = new List<string>();

        async Task<(IReadOnlyList<string> Leases, IReadOnlyList<string> Runs)> NodeStateAsync(ServiceProcess node, string nodeId)
        {
            var leases = new List<string>();
            foreach (var camera in CameraIds)
            {
                if (await owners.TryGetEntryAsync<string>(camera, cancellationToken: ct) is { Success: true } entry && entry.Value.Value == nodeId)
                {
                    leases.Add(camera);
                }
            }

            return (leases, await NodeHealth.CamerasRunAsync(node, CameraIds, ct));
        }

        async Task<bool> OneCameraEachAsync()
        {
            try
            {
                var a = await NodeStateAsync(nodeA, "node-a");
                var b = await NodeStateAsync(nodeB, "node-b");
                return a.Leases.Count == 1 && b.Leases.Count == 1 && a.Leases.SequenceEqual(a.Runs) && b.Leases.SequenceEqual(b.Runs);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return false; // A node slow to answer on a loaded machine: ask again.
            }
        }

        await Polling.UntilAsync(OneCameraEachAsync, ct, TimeSpan.FromMilliseconds(200));
        var cutOffCamera = (await NodeStateAsync(nodeB, "node-b")).Runs.Single();

        proxy.Freeze();
        var clock = Stopwatch.StartNew();
        TimeSpan? stoppedAt = null;
        TimeSpan? takenAt = null;
        var saidWhy = false;
        while ((stoppedAt is null || takenAt is null) && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            try
            {
                var b = await NodeStateAsync(nodeB, "node-b");
                var a = await NodeStateAsync(nodeA, "node-a");
                log.Add($"{clock.Elapsed.TotalSeconds:F1} s: node-a runs [{string.Join(", ", a.Runs)}], node-b runs [{string.Join(", ", b.Runs)}], "
                        + $"leases node-a [{string.Join(", ", a.Leases)}]");
                stoppedAt ??= b.Runs.Contains(cutOffCamera) ? null : clock.Elapsed;
                takenAt ??= a.Leases.Contains(cutOffCamera) && a.Runs.Contains(cutOffCamera) ? clock.Elapsed : null;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.Add($"{clock.Elapsed.TotalSeconds:F1} s: a node did not answer ({error.Message})");
            }

            await Task.Delay(200, ct);
        }

        // The fence's line comes through the process's output a moment after the camera left /healthz.
        for (var waited = 0; !saidWhy && waited < 50; waited++)
        {
            saidWhy = nodeB.OutputTail.Contains("went unconfirmed", StringComparison.Ordinal);
            await Task.Delay(100, ct);
        }

        proxy.Thaw();
        output.WriteLine(string.Join("\n", log));
        await Polling.UntilAsync(OneCameraEachAsync, ct, TimeSpan.FromMilliseconds(200));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: one camera each again");
        output.WriteLine("--- node-b:\n" + nodeB.OutputTail);

        // Its lease went unconfirmed for a lease TTL and a heartbeat (renewed up to a heartbeat before the freeze): stopped
        // within the fence's tick more, with slack for a loaded machine and this loop's own polling. Without the fence it
        // runs until the thaw (seen: 40 s).
        var fenceAfter = LeaseTtl + Heartbeat;
        output.WriteLine($"node-a ran {cutOffCamera} from {takenAt?.TotalSeconds:F1} s, node-b stopped it at {stoppedAt?.TotalSeconds:F1} s");
        Assert.True(stoppedAt is { } stopped && stopped <= fenceAfter + (5 * Heartbeat), $"node-b stopped {cutOffCamera} at {stoppedAt?.TotalSeconds:F1} s");
        Assert.True(takenAt is not null, $"node-a never ran {cutOffCamera}");
        Assert.True(saidWhy, "node-b did not log that the lease went unconfirmed");
        Assert.False(nodeB.HasExited);
    }

    private static string[] NodeArguments(string folder, string connectionString, TestTokenIssuer issuer, string nodeId, string natsUrl) =>
        [.. ClusterNodeArguments.For(folder, connectionString, natsUrl, nodeId, LeaseTtl, Heartbeat, issuer, CameraIds, "Cầu Phú Xuân")];
}
