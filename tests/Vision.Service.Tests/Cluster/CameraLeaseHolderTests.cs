using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.KeyValueStore;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// What an owned camera reads before it makes its consumer afresh (deleting the one in place): the lease's holder, on a
/// real nats-server -js. Only another node's name stops it; a lease handed over (deleted) or expired names nobody.
/// </summary>
public sealed class CameraLeaseHolderTests
{
    [Fact]
    public async Task TheHolder_IsTheNodeThatWroteTheLease_AndNobodyOnceItWasDeletedOrExpired()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var nats = await NatsServerProcess.StartAsync(ct);
        var options = new ClusterOptions { NatsUrl = nats.Url, NodeId = "node-a", LeaseTtl = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromMilliseconds(300) };
        await using var cluster = new ClusterConnection(Options.Create(options), NullLogger<ClusterConnection>.Instance);
        await cluster.EnsureTopologyAsync(ct);
        const string camera = "hue-lease-1";

        Assert.Null(await CameraLeaseHolder.ReadAsync(cluster.Owners, camera, ct));

        var revision = await cluster.Owners.CreateAsync(camera, "node-a", cancellationToken: ct);
        Assert.Equal("node-a", await CameraLeaseHolder.ReadAsync(cluster.Owners, camera, ct));

        // Handed over: the lease is deleted by revision, as the leaving owner does.
        await cluster.Owners.DeleteAsync(camera, new NatsKVDeleteOpts { Revision = revision }, ct);
        Assert.Null(await CameraLeaseHolder.ReadAsync(cluster.Owners, camera, ct));

        await cluster.Owners.CreateAsync(camera, "node-b", cancellationToken: ct);
        Assert.Equal("node-b", await CameraLeaseHolder.ReadAsync(cluster.Owners, camera, ct));

        // Not renewed: gone after the lease TTL (the bucket's age limit; the server expires entries on a timer of its own).
        await Task.Delay(options.LeaseTtl, ct);
        while (await CameraLeaseHolder.ReadAsync(cluster.Owners, camera, ct) is not null)
        {
            await Task.Delay(100, ct);
        }
    }
}
