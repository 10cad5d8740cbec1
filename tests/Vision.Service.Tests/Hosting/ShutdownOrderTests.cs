using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vision.Domain.Geometry;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Hosting;

/// <summary>The camera path stops in its written order: the cameras drain what they accepted before evidence drains.</summary>
public sealed class ShutdownOrderTests
{
    [Fact]
    public async Task A_violation_raised_while_the_cameras_drain_at_shutdown_is_built_and_recorded()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 6);
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
        using var metrics = new PipelineMetrics();
        var stages = new HeldUntilShutdownStages(recorder, frames);
        var camera = new CameraPipeline(EvidenceSamples.Camera, detector, new TrackerOptions(), metrics, stages: stages);
        stages.Camera = camera;
        foreach (var frame in frames)
        {
            Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(frame));
        }

        using var supervisor = new CameraSupervisor([camera], [], new SupervisorOptions(), metrics, TimeProvider.System, NullLogger.Instance);
        var evidence = new EvidenceHostedService(recorder, workspace.Store, workspace.Key, workspace.Key.TrustedWith([]), Options.Create(workspace.Options), TimeProvider.System,
            NullLogger<EvidenceHostedService>.Instance);
        var cameraPath = new CameraHostedService(supervisor, evidence, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            NullLogger<CameraHostedService>.Instance);

        await cameraPath.StartAsync(CancellationToken.None);
        await cameraPath.StopAsync(CancellationToken.None);

        // The violation came from the last frame, processed only once the cameras had begun to stop.
        var (violation, reference) = Assert.Single(violations.Recorded);
        Assert.Equal(frames[^1].Sequence, violation.Sequence);
        Assert.NotNull(reference);
        Assert.Equal(frames.Count, camera.Counters.Processed);
    }

    [Fact]
    public async Task A_stage_that_fails_to_complete_does_not_keep_the_recorder_from_recording_what_waits()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 3);
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
        using var metrics = new PipelineMetrics();
        var stages = new FailingToCompleteStages(recorder, frames);
        var camera = new CameraPipeline(EvidenceSamples.Camera, detector, new TrackerOptions(), metrics, stages: stages);
        using var supervisor = new CameraSupervisor([camera], [], new SupervisorOptions(), metrics, TimeProvider.System, NullLogger.Instance);
        var evidence = new EvidenceHostedService(recorder, workspace.Store, workspace.Key, workspace.Key.TrustedWith([]), Options.Create(workspace.Options), TimeProvider.System,
            NullLogger<EvidenceHostedService>.Instance);
        var cameraPath = new CameraHostedService(supervisor, evidence, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            NullLogger<CameraHostedService>.Instance);

        await cameraPath.StartAsync(CancellationToken.None);
        foreach (var frame in frames)
        {
            Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(frame));
        }

        await cameraPath.StopAsync(CancellationToken.None);

        // The violation of the last frame waited for frames after it; the failing stage completed first.
        var (violation, reference) = Assert.Single(violations.Recorded);
        Assert.Equal(frames[^1].Sequence, violation.Sequence);
        Assert.NotNull(reference);
        Assert.Equal(1, stages.CompleteCalls);
    }

    [Fact]
    public async Task An_evidence_recorder_that_fails_stops_the_service()
    {
        using var metrics = new PipelineMetrics();
        using var supervisor = new CameraSupervisor([], [], new SupervisorOptions(), metrics, TimeProvider.System, NullLogger.Instance);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var cameraPath = new CameraHostedService(supervisor, new RecorderFailingAfterStart(), lifetime, NullLogger<CameraHostedService>.Instance);
        var exitCode = Environment.ExitCode;
        try
        {
            var stopping = new TaskCompletionSource();
            using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

            await cameraPath.StartAsync(CancellationToken.None);

            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1, Environment.ExitCode);
            await cameraPath.StopAsync(CancellationToken.None);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    /// <summary>Stands in for a recorder whose worker throws once the service runs (a defect it does not handle).</summary>
    private sealed class RecorderFailingAfterStart : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(50, stoppingToken);
            throw new InvalidOperationException("recorder worker failed");
        }
    }

    /// <summary>A stage that throws when the camera stops, placed before the evidence feed, which raises a violation at the last frame.</summary>
    private sealed class FailingToCompleteStages(EvidenceRecorder recorder, IReadOnlyList<EncodedFrame> frames) : ICameraStages
    {
        private int _completeCalls;

        public int CompleteCalls => _completeCalls;

        public IReadOnlyList<IFrameResultConsumer> Create(CameraStageContext camera)
        {
            var feed = recorder.Open(camera);
            return [new FailingStage(this), feed, new LastFrameViolation(feed, frames)];
        }

        private sealed class FailingStage(FailingToCompleteStages owner) : IFrameResultConsumer
        {
            public void Consume(FrameResult result, FramePixels pixels)
            {
            }

            public void Complete()
            {
                Interlocked.Increment(ref owner._completeCalls);
                throw new InvalidOperationException("stage failed to complete");
            }
        }

        private sealed class LastFrameViolation(CameraEvidenceFeed feed, IReadOnlyList<EncodedFrame> frames) : IFrameResultConsumer
        {
            public void Consume(FrameResult result, FramePixels pixels)
            {
                if (result.Sequence == frames[^1].Sequence)
                {
                    feed.Submit(EvidenceSamples.RedLight(frames[^1], new BoundingBox(166, 0, 780, 375), []));
                }
            }
        }
    }

    /// <summary>
    /// The camera's evidence feed, and a stage that holds the first frame until the camera stops taking frames (the
    /// start of its shutdown drain), then raises a violation at the last frame.
    /// </summary>
    private sealed class HeldUntilShutdownStages(EvidenceRecorder recorder, IReadOnlyList<EncodedFrame> frames) : ICameraStages
    {
        public CameraPipeline? Camera { get; set; }

        public IReadOnlyList<IFrameResultConsumer> Create(CameraStageContext camera)
        {
            var feed = recorder.Open(camera);
            return [feed, new LastFrameViolation(this, feed, frames)];
        }

        private sealed class LastFrameViolation(HeldUntilShutdownStages owner, CameraEvidenceFeed feed, IReadOnlyList<EncodedFrame> frames) : IFrameResultConsumer
        {
            public void Consume(FrameResult result, FramePixels pixels)
            {
                if (result.Sequence == frames[0].Sequence)
                {
                    // A repeated frame is refused as a duplicate while the camera runs, and as "shutting down" once it stops.
                    while (owner.Camera!.TryIngest(frames[0]) != IngestOutcome.ShuttingDown)
                    {
                        Thread.Sleep(5);
                    }
                }

                if (result.Sequence == frames[^1].Sequence)
                {
                    feed.Submit(EvidenceSamples.RedLight(frames[^1], new BoundingBox(166, 0, 780, 375), []));
                }
            }
        }
    }
}
