using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Vision.Pipeline.Runtime;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>Which frames an owning node acknowledges, with real deliveries from a nats-server -js frame stream.</summary>
public sealed class FrameAcknowledgementsTests
{
    private const string Camera = "hue.ack.1";
    private static readonly DateTimeOffset CapturedFrom = new(2026, 12, 7, 7, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task FramesDroppedBecauseTheNodeStoppedTakingFrames_AreNotAcknowledged_SoTheNextOwnerGetsThem()
    {
        // A handover under backlog: frames 0 and 1 were processed; frame 2 was still queued when the drain ended, and
        // frame 3 was waiting for room in the queue as feeding stopped. Both are dropped "at shutdown".
        var deliveries = await DeliveriesAsync(4);
        var acknowledgements = new FrameAcknowledgements();
        foreach (var (message, sequence) in deliveries.Select((message, index) => (message, (long)index)))
        {
            acknowledgements.Add(message, sequence);
        }

        acknowledgements.Ended(Completed(0));
        acknowledgements.Ended(Completed(1));
        acknowledgements.Ended(new FrameDroppedEvent(Camera, 3, DropReason.Shutdown));
        acknowledgements.Ended(new FrameDroppedEvent(Camera, 2, DropReason.Shutdown));

        var acknowledged = acknowledgements.TakeAcknowledgeable();
        Assert.NotNull(acknowledged);
        Assert.Equal(1, FrameMessage.Read(Camera, acknowledged.Headers, acknowledged.Data)!.Sequence);
        Assert.Null(acknowledgements.TakeAcknowledgeable());
    }

    [Fact]
    public async Task AFrameDroppedToShedLoad_OrOneThatFailed_IsFinished()
    {
        var deliveries = await DeliveriesAsync(3);
        var acknowledgements = new FrameAcknowledgements();
        foreach (var (message, sequence) in deliveries.Select((message, index) => (message, (long)index)))
        {
            acknowledgements.Add(message, sequence);
        }

        acknowledgements.Ended(Completed(0, FrameOutcome.DecodeFailed));
        acknowledgements.Ended(new FrameDroppedEvent(Camera, 1, DropReason.QueueFull));
        acknowledgements.Ended(Completed(2));

        var acknowledged = acknowledgements.TakeAcknowledgeable();
        Assert.Equal(2, FrameMessage.Read(Camera, acknowledged!.Headers, acknowledged.Data)!.Sequence);
    }

    private static FrameCompletedEvent Completed(long sequence, FrameOutcome outcome = FrameOutcome.Processed) =>
        new(new FrameResult(Camera, sequence, CapturedFrom.AddMilliseconds(200 * sequence), outcome, 1920, 1080, [], [], null, default));

    /// <summary>The camera's first <paramref name="count"/> frames as a node's consumer delivers them (not acknowledged).</summary>
    private static async Task<IReadOnlyList<INatsJSMsg<byte[]>>> DeliveriesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var nats = await NatsServerProcess.StartAsync(ct);
        var options = new ClusterOptions { NatsUrl = nats.Url, NodeId = "ack-test" };
        await using var cluster = new ClusterConnection(Options.Create(options), NullLogger<ClusterConnection>.Instance);
        await cluster.EnsureTopologyAsync(ct);
        var jpeg = StreetJpeg.FullHd();
        for (var sequence = 0L; sequence < count; sequence++)
        {
            var ack = await cluster.JetStream.PublishAsync(ClusterNames.FrameSubject(Camera), jpeg,
                opts: new NatsJSPubOpts { MsgId = FrameMessage.MessageId(Camera, sequence) },
                headers: FrameMessage.Headers(sequence, CapturedFrom.AddMilliseconds(200 * sequence)), cancellationToken: ct);
            ack.EnsureSuccess();
        }

        var delivered = new List<INatsJSMsg<byte[]>>();
        await using var feed = new CameraFrameFeed(cluster.OpenConnection("camera-" + ClusterNames.CameraToken(Camera)), Camera,
            options.MaxFramesInFlight, options.PullBytesFor(maxFrameBytes: 4 * 1024 * 1024), NullLogger.Instance);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await feed.ConsumeAsync(async (message, _) =>
            {
                delivered.Add(message);
                if (delivered.Count == count)
                {
                    await done.CancelAsync();
                }
            }, done.Token);
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }

        return delivered;
    }
}
