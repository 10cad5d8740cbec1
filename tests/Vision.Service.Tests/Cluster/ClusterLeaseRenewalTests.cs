using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;
using NATS.Net;
using Vision.Pipeline.Evidence;
using Vision.Service.Cluster;
using Vision.Service.Tests.EndToEnd;
using Vision.Service.Tests.Support;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// A node process holding one camera, on a real nats-server -js and PostgreSQL, whose lease renewal reached NATS while
/// its answer did not (a timeout on a loaded server): the bucket holds the lease for this node at a revision the node
/// never heard of, so its next renewal at the revision it knows is refused.
/// </summary>
public sealed class ClusterLeaseRenewalTests
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly string[] CameraIds = ["hue-renewal-1"];

    [Fact]
    public async Task ARenewalWhoseAnswerWasLost_KeepsTheCameraRunning_AndItsLeaseRenewed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var folder = Path.Combine(Path.GetTempPath(), "vision-renewal-" + Guid.NewGuid().ToString("N")[..12]);
        await RenderedJunctionService.WriteScenesAsync(folder);
        EvidenceSigningKey.LoadOrCreate(Path.Combine(folder, "keys", "evidence-signing.pem"));
        await using var nats = await NatsServerProcess.StartAsync(ct);
        await using var postgres = await TemporaryPostgresCluster.StartAsync(durable: false, ct);
        var connectionString = await postgres.CreateDatabaseAsync("vision_renewal", ct);
        await using var issuer = await TestTokenIssuer.StartAsync();
        await using var node = await ServiceProcess.StartAsync(
            [.. ClusterNodeArguments.For(folder, connectionString, nats.Url, "node-a", LeaseTtl, Heartbeat, issuer, CameraIds, "Cầu Trường Tiền")],
            TimeSpan.FromMinutes(4), ct);
        await using var client = new NatsConnection(new NatsOpts { Url = nats.Url });
        var owners = await client.CreateKeyValueStoreContext().GetStoreAsync(ClusterNames.OwnersBucket, ct);
        var camera = CameraIds[0];

        async Task<bool> RunsAsync()
        {
            try
            {
                return (await NodeHealth.CamerasRunAsync(node, CameraIds, ct)).Contains(camera);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return false; // Slow to answer on a loaded machine: ask again.
            }
        }

        await Polling.UntilAsync(RunsAsync, ct, TimeSpan.FromMilliseconds(200));

        // The renewal that landed unheard: the same holder, one revision on (read and written between two heartbeats).
        ulong landed = 0;
        while (landed == 0)
        {
            var lease = await owners.GetEntryAsync<string>(camera, cancellationToken: ct);
            Assert.Equal("node-a", lease.Value);
            try
            {
                landed = await owners.UpdateAsync(camera, "node-a", lease.Revision, cancellationToken: ct);
            }
            catch (NatsKVWrongLastRevisionException)
            {
                // The node renewed in between: read again.
            }
        }

        // Several heartbeats later the camera still runs there, and the node renews the lease again.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < 5 * Heartbeat)
        {
            Assert.True(await RunsAsync(), $"node-a stopped {camera} {clock.Elapsed.TotalSeconds:F1} s after its renewal's answer was lost:\n{node.OutputTail}");
            await Task.Delay(250, ct);
        }

        var renewed = await owners.GetEntryAsync<string>(camera, cancellationToken: ct);
        Assert.Equal("node-a", renewed.Value);
        Assert.True(renewed.Revision > landed, $"the lease was not renewed since revision {landed} (now {renewed.Revision})");
        Assert.DoesNotContain("Lost the lease", node.OutputTail, StringComparison.Ordinal);
    }
}
