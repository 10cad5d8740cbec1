using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// A node that takes over six cameras, each with a backlog of 1080p frames on the frame stream, reads all of them in
/// order with the cluster's default pull sizes, on a real nats-server -js. Six pulls of 32 such frames on one connection
/// were twice nats-server's per-connection pending limit (64 MiB): the server cut the node off again and again and the
/// backlog was never consumed.
/// </summary>
public sealed class CameraFrameFeedTests
{
    private const int Cameras = 6;
    private const int BacklogPerCamera = 40;

    [Fact]
    public async Task SixCameras_WithA1080pBacklogEach_AreConsumedCompletelyAndInOrder_EvenWhileOneCameraIsStalled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var jpeg = StreetJpeg.FullHd();
        Assert.InRange(jpeg.Length, 500 * 1024, 900 * 1024);
        await using var nats = await NatsServerProcess.StartAsync(ct);
        var options = new ClusterOptions { NatsUrl = nats.Url, NodeId = "feed-test" };
        await using var cluster = new ClusterConnection(Options.Create(options), NullLogger<ClusterConnection>.Instance);
        await cluster.EnsureTopologyAsync(ct);
        var cameras = Enumerable.Range(1, Cameras).Select(i => $"hue.backlog.{i}").ToList();
        var capturedFrom = new DateTimeOffset(2026, 11, 28, 17, 30, 0, TimeSpan.FromHours(7));
        await Task.WhenAll(cameras.Select(camera => PublishAsync(cluster, camera, jpeg, BacklogPerCamera, capturedFrom, ct)));

        // The first camera's pipeline is full until every other camera has read its whole backlog: it must not hold them back.
        var othersDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var othersLeft = Cameras - 1;
        var received = cameras.ToDictionary(camera => camera, _ => new ConcurrentQueue<(long Sequence, int Bytes, DateTimeOffset CapturedAt)>());
        var reading = cameras.Select(async (camera, index) =>
        {
            await using var feed = new CameraFrameFeed(cluster.OpenConnection("camera-" + ClusterNames.CameraToken(camera)), camera,
                options.MaxFramesInFlight, options.PullBytesFor(maxFrameBytes: 4 * 1024 * 1024), NullLogger.Instance);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                await feed.ConsumeAsync(async (message, _) =>
                {
                    if (index == 0)
                    {
                        await othersDone.Task.WaitAsync(ct);
                    }

                    var frame = FrameMessage.Read(camera, message.Headers, message.Data);
                    Assert.NotNull(frame);
                    received[camera].Enqueue((frame.Sequence, frame.Jpeg.Length, frame.CapturedAt));
                    await message.AckAsync(cancellationToken: ct);
                    if (received[camera].Count == BacklogPerCamera)
                    {
                        if (index > 0 && Interlocked.Decrement(ref othersLeft) == 0)
                        {
                            othersDone.SetResult();
                        }

                        await done.CancelAsync();
                    }
                }, done.Token);
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }
        }).ToList();

        try
        {
            await Task.WhenAll(reading);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Assert.Fail("The backlog was not consumed in 3 minutes: " + string.Join(", ", cameras.Select(c => $"{c} {received[c].Count}/{BacklogPerCamera}")));
        }

        foreach (var camera in cameras)
        {
            Assert.Equal(Enumerable.Range(0, BacklogPerCamera).Select(i => (long)i), received[camera].Select(frame => frame.Sequence));
            Assert.All(received[camera], frame => Assert.Equal(jpeg.Length, frame.Bytes));
            Assert.Equal(capturedFrom.AddMilliseconds(100 * (BacklogPerCamera - 1)), received[camera].Last().CapturedAt);
        }
    }

    [Fact]
    public async Task AnOldOwnersLateAcknowledgement_DoesNotMoveTheNewOwnersConsumer()
    {
        // Owner A took ten frames and was cut off past its lease; B resumed the camera. A's acknowledgement of its tenth
        // frame, sent once A is back, named a consumer of the same name: B's, whose acknowledged position it moved past
        // frames B had not processed. B processes one frame and stops; the next owner, C, must go on from the second.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var nats = await NatsServerProcess.StartAsync(ct);
        var options = new ClusterOptions { NatsUrl = nats.Url, NodeId = "handover-test" };
        await using var cluster = new ClusterConnection(Options.Create(options), NullLogger<ClusterConnection>.Instance);
        await cluster.EnsureTopologyAsync(ct);
        const string camera = "hue.handover.1";
        await PublishAsync(cluster, camera, StreetJpeg.Encode(320, 240, 80), 60, new DateTimeOffset(2026, 11, 28, 17, 30, 0, TimeSpan.FromHours(7)), ct);

        await using var ownerA = Feed(cluster, options, "owner-a", camera);
        var takenByA = await TakeAsync(ownerA, 10, ct);

        await using (var ownerB = Feed(cluster, options, "owner-b", camera))
        {
            await TakeAsync(ownerB, 1, ct, acknowledge: true, beforeFirstAck: async () =>
            {
                // A is back: its acknowledgement of the tenth frame goes out before B has finished any.
                await takenByA[^1].AckAsync(cancellationToken: ct);
                await Task.Delay(300, ct);
            });
        }

        await using var ownerC = Feed(cluster, options, "owner-c", camera);
        var takenByC = await TakeAsync(ownerC, 1, ct);

        Assert.Equal(1L, FrameMessage.Read(camera, takenByC[0].Headers, takenByC[0].Data)!.Sequence);
        Assert.Single(await FrameConsumers.OfCameraAsync(cluster.JetStream, camera, ct));
    }

    [Fact]
    public async Task AnotherSystemsConsumerOfTheCamerasFrames_IsNeitherTakenForTheLastOwnersPosition_NorDeleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var nats = await NatsServerProcess.StartAsync(ct);
        var options = new ClusterOptions { NatsUrl = nats.Url, NodeId = "foreign-test" };
        await using var cluster = new ClusterConnection(Options.Create(options), NullLogger<ClusterConnection>.Instance);
        await cluster.EnsureTopologyAsync(ct);
        const string camera = "hue.foreign.1";
        await PublishAsync(cluster, camera, StreetJpeg.Encode(320, 240, 80), 20, DateTimeOffset.UtcNow, ct);

        // An operator's audit reader of the same frames, started at the newest.
        await cluster.JetStream.CreateOrUpdateConsumerAsync(ClusterNames.FramesStream, new ConsumerConfig("audit-reader")
        {
            FilterSubject = ClusterNames.FrameSubject(camera), AckPolicy = ConsumerConfigAckPolicy.All,
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = 20,
        }, ct);

        await using var owner = Feed(cluster, options, "owner", camera);
        var taken = await TakeAsync(owner, 1, ct);

        Assert.Equal(0L, FrameMessage.Read(camera, taken[0].Headers, taken[0].Data)!.Sequence);
        Assert.Equal("audit-reader", (await cluster.JetStream.GetConsumerAsync(ClusterNames.FramesStream, "audit-reader", ct)).Info.Name);
    }

    /// <summary>A gateway's frames 0 … count-1 of the camera on the frame stream, 100 ms apart from <paramref name="capturedFrom"/>.</summary>
    private static async Task PublishAsync(ClusterConnection cluster, string camera, byte[] jpeg, int count, DateTimeOffset capturedFrom, CancellationToken ct)
    {
        for (var sequence = 0L; sequence < count; sequence++)
        {
            var ack = await cluster.JetStream.PublishAsync(ClusterNames.FrameSubject(camera), jpeg,
                opts: new NatsJSPubOpts { MsgId = FrameMessage.MessageId(camera, sequence) },
                headers: FrameMessage.Headers(sequence, capturedFrom.AddMilliseconds(100 * sequence)), cancellationToken: ct);
            ack.EnsureSuccess();
        }
    }

    private static CameraFrameFeed Feed(ClusterConnection cluster, ClusterOptions options, string owner, string camera) =>
        new(cluster.OpenConnection(owner), camera, options.MaxFramesInFlight, options.PullBytesFor(4 * 1024 * 1024), NullLogger.Instance);

    /// <summary>Takes <paramref name="count"/> frames, then stops the feed; with <paramref name="acknowledge"/> each is acknowledged (and confirmed).</summary>
    private static async Task<List<INatsJSMsg<byte[]>>> TakeAsync(CameraFrameFeed feed, int count, CancellationToken ct, bool acknowledge = false,
        Func<Task>? beforeFirstAck = null)
    {
        var taken = new List<INatsJSMsg<byte[]>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feed.ConsumeAsync(async (message, _) =>
        {
            taken.Add(message);
            if (acknowledge)
            {
                if (taken.Count == 1 && beforeFirstAck is not null)
                {
                    await beforeFirstAck();
                }

                await message.AckAsync(new AckOpts { DoubleAck = true }, ct);
            }

            if (taken.Count == count)
            {
                await stop.CancelAsync();
            }
        }, stop.Token));
        ct.ThrowIfCancellationRequested();
        return taken;
    }
}
