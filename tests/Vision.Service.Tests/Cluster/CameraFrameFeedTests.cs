using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
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
        await Task.WhenAll(cameras.Select(async camera =>
        {
            for (var sequence = 0L; sequence < BacklogPerCamera; sequence++)
            {
                var ack = await cluster.JetStream.PublishAsync(ClusterNames.FrameSubject(camera), jpeg,
                    opts: new NatsJSPubOpts { MsgId = FrameMessage.MessageId(camera, sequence) },
                    headers: FrameMessage.Headers(sequence, capturedFrom.AddMilliseconds(100 * sequence)), cancellationToken: ct);
                ack.EnsureSuccess();
            }
        }));

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
}
