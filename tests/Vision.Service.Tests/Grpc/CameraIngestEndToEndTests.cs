using System.Diagnostics;
using System.Diagnostics.Metrics;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Service.Tests.Grpc;

[Collection(IsolatedVisionServiceCollection.Name)] // measures the whole process: runs alone
public sealed class CameraIngestEndToEndTests(VisionServiceFixture service, ITestOutputHelper output)
{
    private const int IngestQueueCapacity = 8;

    [Fact]
    public async Task EightCamerasAtFullSpeed_DropOnlyAtIngest_ReportEveryDrop_AndKeepMemoryBounded()
    {
        const int framesPerCamera = 150;
        var droppedByMetrics = new Dictionary<string, long>();
        using var listener = ListenForDrops(droppedByMetrics);
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });

        // Every run slot of the service held: no camera can detect, so each camera's queue must overflow, whatever the
        // speed of the machine. Released once every frame is acknowledged; what was kept is then processed.
        var budget = service.Services.GetRequiredService<ModelSessions>().Budget;
        for (var slot = 0; slot < budget.Slots; slot++)
        {
            await budget.EnterAsync(CancellationToken.None);
        }

        var cameras = Enumerable.Range(1, 8).Select(i => $"gw-load-{i}").ToList();
        List<GatewayClient> gateways;
        try
        {
            gateways = [.. await Task.WhenAll(cameras.Select(async camera =>
            {
                var gateway = await GatewayClient.OpenAsync(service.Channel, camera);
                for (var sequence = 0; sequence < framesPerCamera; sequence++)
                {
                    await gateway.SendAsync(sequence);
                }

                await WaitUntil(() => gateway.Acks.Count() == framesPerCamera);
                return gateway;
            }))];
        }
        finally
        {
            for (var slot = 0; slot < budget.Slots; slot++)
            {
                budget.Leave();
            }
        }

        await Task.WhenAll(gateways.Select(gateway => gateway.FinishAsync()));
        await sampling.CancelAsync();
        await sampler;

        var totalDropped = 0L;
        foreach (var (camera, gateway) in cameras.Zip(gateways))
        {
            await using (gateway)
            {
                var status = gateway.FinalStatus;
                Assert.Equal(framesPerCamera, gateway.Acks.Count());
                Assert.All(gateway.Acks, ack => Assert.Equal(FrameAckOutcome.Accepted, ack.Outcome));
                Assert.Equal((ulong)framesPerCamera, status.Accepted);
                Assert.Equal(0UL, status.Failed);
                Assert.Equal(status.Accepted, status.Processed + status.Dropped);
                Assert.Equal(0UL, status.NoticesMissed);
                Assert.Equal((int)status.Dropped, gateway.Dropped.Count());
                Assert.All(gateway.Dropped, d => Assert.Equal(Contracts.V1.DropReason.QueueFull, d.Reason));
                Assert.Equal((int)status.Processed, gateway.Completed.Count(c => c.Decoded));
                var reported = gateway.Dropped.Select(d => d.Sequence).Concat(gateway.Completed.Select(c => c.Sequence)).Order();
                Assert.Equal(Enumerable.Range(0, framesPerCamera).Select(i => (ulong)i), reported);
                lock (droppedByMetrics)
                {
                    Assert.Equal((long)status.Dropped, droppedByMetrics.GetValueOrDefault(camera));
                }

                // Kept: the ingest queue, the frame the decoder holds, the decoded queue and the frame waiting for a slot.
                Assert.InRange(status.Processed, 1UL, (ulong)(IngestQueueCapacity + 4));
                totalDropped += (long)status.Dropped;
            }
        }

        var growthMegabytes = (peak - baseline) / (1024.0 * 1024.0);
        output.WriteLine($"8 cameras × {framesPerCamera} frames: {totalDropped} dropped at ingest, " +
                         $"working set {baseline / 1048576.0:F0} MiB → peak {peak / 1048576.0:F0} MiB (+{growthMegabytes:F0} MiB)");
        // Measured +265 to +424 MiB for the whole test process, gateways included: every ~100 KiB frame is a
        // large-object-heap array on both the client and the server side, reclaimed only by full collections.
        Assert.True(growthMegabytes < 600, $"working set grew by {growthMegabytes:F0} MiB");
    }

    [Fact]
    public async Task AGatewayThatDisconnectsAndResumes_GetsCorrectAcknowledgements_AndNothingAcceptedIsLost()
    {
        var first = await GatewayClient.OpenAsync(service.Channel, "gw-resume");
        for (var sequence = 0; sequence < 20; sequence++)
        {
            await first.SendAsync(sequence);
        }

        await WaitUntil(() => first.Acks.Count() == 20);
        await first.DisconnectAbruptlyAsync();
        await using var second = await GatewayClient.OpenAsync(service.Channel, "gw-resume");
        await WaitUntil(() => second.Responses.Count > 0);
        Assert.Equal(19UL, second.Accepted.LastAcceptedSequence);
        Assert.Equal("gw-resume", second.Accepted.Camera.Id);
        Assert.Equal(16.4637, second.Accepted.Camera.Location.Latitude);

        await second.SendAsync(15); // resent after the reconnect
        for (var sequence = 20; sequence < 30; sequence++)
        {
            await second.SendAsync(sequence);
        }

        await second.SendAsync(40);
        await second.SendAsync(35); // late: older than 40 and never seen
        await second.FinishAsync();

        var outcomes = second.Acks.ToDictionary(a => a.Sequence, a => a.Outcome);
        Assert.Equal(FrameAckOutcome.Duplicate, outcomes[15]);
        Assert.Equal(FrameAckOutcome.OutOfOrder, outcomes[35]);
        Assert.All(Enumerable.Range(20, 10).Append(40), s => Assert.Equal(FrameAckOutcome.Accepted, outcomes[(ulong)s]));
        var status = second.FinalStatus;
        Assert.Equal(31UL, status.Accepted); // 20 before the disconnect, 11 after
        Assert.Equal(status.Accepted, status.Processed + status.Dropped + status.Failed);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task ACorruptFrameMidStream_IsReportedAndSkipped_WhileTheStreamGoesOn()
    {
        var truncated = VtestFrames.Get(5)[..(VtestFrames.Get(5).Length / 2)];
        var bogusHuffmanTable = VtestFrames.Get(7).ToArray();
        var huffmanTable = bogusHuffmanTable.AsSpan().IndexOf([(byte)0xFF, (byte)0xC4]);
        bogusHuffmanTable.AsSpan(huffmanTable + 5, 16).Fill(0xFF); // header and end intact, but no valid Huffman code
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "gw-corrupt");

        // A stitched panorama wider than any side the service takes: a valid JPEG, refused from its header.
        using var panorama = new OpenCvSharp.Mat(16, 13_000, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(90));
        OpenCvSharp.Cv2.ImEncode(".jpg", panorama, out var wide);
        for (var sequence = 0; sequence < 11; sequence++)
        {
            await gateway.SendAsync(sequence, sequence switch { 5 => truncated, 7 => bogusHuffmanTable, 10 => wide, _ => null });
            await WaitUntil(() => gateway.Acks.Count() == sequence + 1); // paced: nothing is dropped
        }

        await gateway.FinishAsync();

        var acks = gateway.Acks.ToDictionary(a => a.Sequence);
        Assert.Equal(FrameAckOutcome.Corrupt, acks[5].Outcome);
        // The structure check decodes the Huffman codes of every scan: a broken table is caught at ingest, not after it.
        Assert.Equal(FrameAckOutcome.Corrupt, acks[7].Outcome);
        // Each refusal says why: "corrupt" alone sent operators after a broken camera whose frames were only too wide.
        Assert.Equal(FrameAckOutcome.Corrupt, acks[10].Outcome);
        Assert.Contains("13000", acks[10].Detail, StringComparison.Ordinal);
        Assert.NotEqual(acks[5].Detail, acks[7].Detail);
        Assert.All(new[] { acks[5], acks[7] }, ack => Assert.NotEmpty(ack.Detail));
        Assert.All(acks.Values.Where(ack => ack.Outcome == FrameAckOutcome.Accepted), ack => Assert.Empty(ack.Detail));
        Assert.Equal(8, acks.Values.Count(a => a.Outcome == FrameAckOutcome.Accepted));
        Assert.DoesNotContain(gateway.Completed, c => !c.Decoded);
        Assert.Equal(new ulong[] { 0, 1, 2, 3, 4, 6, 8, 9 }, gateway.Completed.Where(c => c.Decoded).Select(c => c.Sequence).Order());
        Assert.Equal((8UL, 8UL, 0UL, 3UL), (gateway.FinalStatus.Accepted, gateway.FinalStatus.Processed, gateway.FinalStatus.Failed, gateway.FinalStatus.Rejected));
    }

    [Fact]
    public async Task TracksArePublished_WhenTheGatewayAsksForThem()
    {
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "gw-tracks", includeTracks: true);
        for (var sequence = 0; sequence < 20; sequence++)
        {
            await gateway.SendAsync(sequence);
            await WaitUntil(() => gateway.Acks.Count() == sequence + 1);
        }

        await gateway.FinishAsync();

        var last = gateway.Completed.Last();
        Assert.Equal(19UL, last.Sequence);
        Assert.Equal("yolox-nano-coco-640", last.Detector.Name);
        var people = last.Tracks.Where(t => t.ClassName == "person" && t.State == "Tracked").ToList();
        Assert.True(people.Count >= 4, $"{people.Count} people tracked");
        Assert.Contains(people, p => Math.Abs(p.VelocityX) > 5);
        Assert.Equal(people.Count, people.Select(p => p.TrackId).Distinct().Count());
    }

    [Fact]
    public async Task AnUnknownCamera_IsRefusedWithNotFound()
    {
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "no-such-camera");

        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("CAMERA_UNKNOWN", "no-such-camera"), (info.Reason, info.Metadata["camera_id"]));
    }

    [Fact]
    public async Task ADisabledCamera_IsRefusedAsDisabled_NotAsUnknown()
    {
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, VisionServiceFixture.DisabledGatewayCamera);

        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("CAMERA_DISABLED", VisionServiceFixture.DisabledGatewayCamera), (info.Reason, info.Metadata["camera_id"]));
    }

    [Fact]
    public async Task ADisabledCameraWithASource_IsRefusedBecauseOfItsSource_WhichNoGatewayMayFeed()
    {
        // Camera 0 of appsettings.json, the sample camera replaying vtest.avi, is disabled in the test service.
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "sample-vtest");

        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("CAMERA_HAS_SOURCE", "sample-vtest"), (info.Reason, info.Metadata["camera_id"]));
    }

    [Fact]
    public async Task AStreamThatDoesNotOpenFirst_IsRefusedWithFailedPrecondition()
    {
        using var call = new CameraIngest.CameraIngestClient(service.Channel).Stream();
        await call.RequestStream.WriteAsync(new IngestRequest { Frame = new CameraFrame { Sequence = 1 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("STREAM_NOT_OPENED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    private static MeterListener ListenForDrops(Dictionary<string, long> droppedByCamera)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == "vision.frames.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "camera")
                {
                    lock (droppedByCamera)
                    {
                        var camera = (string)tag.Value!;
                        droppedByCamera[camera] = droppedByCamera.GetValueOrDefault(camera) + value;
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the server");
            await Task.Delay(5);
        }
    }
}
