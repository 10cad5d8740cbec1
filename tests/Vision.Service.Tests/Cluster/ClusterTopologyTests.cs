using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>The streams and buckets a node creates or brings up to date as it starts, against a real nats-server -js.</summary>
public sealed class ClusterTopologyTests
{
    private const long OperatorsByteLimit = 512L * 1024 * 1024;

    [Fact]
    public async Task A_node_that_starts_keeps_what_the_operator_set_on_the_running_streams_and_applies_its_own_limits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var nats = await NatsServerProcess.StartAsync(ct);
        await using (var first = Connect(nats, framesPerCamera: 300))
        {
            await first.EnsureTopologyAsync(ct);
        }

        // The operator limits the frame stream's and the lease bucket's bytes (nats stream edit).
        await using var operatorConnection = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = nats.Url });
        var jetStream = operatorConnection.CreateJetStreamContext();
        foreach (var name in new[] { ClusterNames.FramesStream, "KV_" + ClusterNames.OwnersBucket })
        {
            var running = (await jetStream.GetStreamAsync(name, cancellationToken: ct)).Info.Config;
            await jetStream.UpdateStreamAsync(running with { MaxBytes = OperatorsByteLimit }, ct);
        }

        await using (var restarted = Connect(nats, framesPerCamera: 120))
        {
            await restarted.EnsureTopologyAsync(ct);
        }

        var frames = (await jetStream.GetStreamAsync(ClusterNames.FramesStream, cancellationToken: ct)).Info.Config;
        var owners = (await jetStream.GetStreamAsync("KV_" + ClusterNames.OwnersBucket, cancellationToken: ct)).Info.Config;
        Assert.Equal((OperatorsByteLimit, 120L), (frames.MaxBytes, frames.MaxMsgsPerSubject));
        Assert.Equal(OperatorsByteLimit, owners.MaxBytes);
    }

    [Fact]
    public void Replicas_the_operator_raised_are_never_lowered_and_the_configured_ones_are_applied()
    {
        var ours = new StreamConfig(ClusterNames.FramesStream, ["vision.frames.>"]) { NumReplicas = 1, MaxMsgsPerSubject = 120 };

        Assert.Equal((3, 120L), Pair(OperatorStreamSettings.Keep(ours, ours with { NumReplicas = 3, MaxMsgsPerSubject = 300 })));
        Assert.Equal((3, 120L), Pair(OperatorStreamSettings.Keep(ours with { NumReplicas = 3 }, ours)));
        Assert.Equal((1, 120L), Pair(OperatorStreamSettings.Keep(ours, null)));
        Assert.Equal(3, OperatorStreamSettings.Keep(new NatsKVConfig(ClusterNames.OwnersBucket) { NumberOfReplicas = 1 }, ours with { NumReplicas = 3 }).NumberOfReplicas);

        static (int, long) Pair(StreamConfig config) => (config.NumReplicas, config.MaxMsgsPerSubject);
    }

    private static ClusterConnection Connect(NatsServerProcess nats, int framesPerCamera) =>
        new(Options.Create(new ClusterOptions { NatsUrl = nats.Url, NodeId = "topology-test", FramesPerCamera = framesPerCamera }),
            NullLogger<ClusterConnection>.Instance);
}
