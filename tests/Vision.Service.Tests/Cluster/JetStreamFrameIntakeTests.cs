using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>The cluster's ingest onto the frame stream, against a real nats-server -js with its default limits.</summary>
public sealed class JetStreamFrameIntakeTests
{
    [Fact]
    public async Task AFrameAboveTheServersMaxPayload_IsRefusedAsTooLarge_AtOnce_AndTheNextFrameIsStored()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var definition = new CameraDefinition { Id = "hue.intake.1", Name = "Cầu Trường Tiền", Latitude = 16.4667, Longitude = 107.5883, ExpectedFramesPerSecond = 10 };
        await using var rig = await IntakeRig.StartAsync(definition, ct);
        var (camera, intake) = (rig.Camera, rig.Intake);
        // A 4K frame: within the camera's MaxFrameBytes (4 MiB), above nats-server's default max_payload (1 MB).
        var uhd = StreetJpeg.Encode(3840, 2160, 95);
        Assert.InRange(uhd.Length, 1024 * 1024 + 1, definition.MaxFrameBytes);
        var capturedAt = DateTimeOffset.UtcNow;

        Assert.Equal(IngestOutcome.TooLarge, await intake.IngestAsync(camera, new EncodedFrame(definition.Id, 0, capturedAt, uhd), ct));
        Assert.Equal(IngestOutcome.Accepted, await intake.IngestAsync(camera, new EncodedFrame(definition.Id, 1, capturedAt.AddMilliseconds(100), StreetJpeg.FullHd()), ct));

        Assert.Equal(1, await intake.LastAcceptedSequenceAsync(camera, ct));
        Assert.Equal(1, camera.Counters.Rejected);
        // What a gateway is told it may send, as its stream opens: what NATS carries, not the camera's 4 MiB.
        Assert.Equal(1024 * 1024 - 1024, intake.MaxFrameBytes(camera));
    }

    [Fact]
    public async Task WithNatsGone_AStreamOpeningToFindWhereToResume_IsToldUnavailable_NotAnInternalError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var definition = new CameraDefinition { Id = "hue.intake.2", Name = "Cầu Phú Xuân", Latitude = 16.4626, Longitude = 107.5806, ExpectedFramesPerSecond = 10 };
        await using var rig = await IntakeRig.StartAsync(definition, ct);

        await rig.Nats.KillAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Intake.LastAcceptedSequenceAsync(rig.Camera, ct));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("FRAME_STREAM_UNAVAILABLE", error.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason);
    }

    /// <summary>A nats-server -js, a node's connection to it with the cluster's topology, and one camera fed through the intake.</summary>
    private sealed class IntakeRig : IAsyncDisposable
    {
        private IntakeRig(NatsServerProcess nats, ClusterConnection cluster, ObjectDetector detector, PipelineMetrics metrics, CameraDefinition definition)
        {
            (Nats, _cluster, _detector, _metrics) = (nats, cluster, detector, metrics);
            Camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics);
            Intake = new JetStreamFrameIntake(cluster, NullLogger<JetStreamFrameIntake>.Instance);
        }

        private readonly ClusterConnection _cluster;
        private readonly ObjectDetector _detector;
        private readonly PipelineMetrics _metrics;

        public NatsServerProcess Nats { get; }

        public CameraPipeline Camera { get; }

        public JetStreamFrameIntake Intake { get; }

        public static async Task<IntakeRig> StartAsync(CameraDefinition definition, CancellationToken cancellationToken)
        {
            var nats = await NatsServerProcess.StartAsync(cancellationToken);
            var cluster = new ClusterConnection(Options.Create(new ClusterOptions { NatsUrl = nats.Url, NodeId = "intake-test" }),
                NullLogger<ClusterConnection>.Instance);
            await cluster.EnsureTopologyAsync(cancellationToken);
            var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
            return new IntakeRig(nats, cluster, detector, new PipelineMetrics(), definition);
        }

        public async ValueTask DisposeAsync()
        {
            _detector.Dispose();
            _metrics.Dispose();
            await _cluster.DisposeAsync();
            await Nats.DisposeAsync();
        }
    }
}
