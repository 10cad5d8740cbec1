using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Runtime;

[Collection(DetectorCollection.Name)]
public sealed class CameraPipelineTests(DetectorFixture fixture) : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly PipelineMetrics _metrics = new();
    private readonly byte[] _frame = EncodeSample();

    [Fact]
    public void TryIngest_ClassifiesDuplicatesLateFramesOversizeAndCorruptData()
    {
        var camera = Camera("outcomes", maxFrameBytes: _frame.Length);

        Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(Frame("outcomes", 10)));
        Assert.Equal(IngestOutcome.Duplicate, camera.TryIngest(Frame("outcomes", 10)));
        Assert.Equal(IngestOutcome.OutOfOrder, camera.TryIngest(Frame("outcomes", 7)));
        Assert.Equal(IngestOutcome.TooLarge, camera.TryIngest(Frame("outcomes", 11) with { Jpeg = new byte[_frame.Length + 1] }));
        Assert.Equal(IngestOutcome.Corrupt, camera.TryIngest(Frame("outcomes", 12) with { Jpeg = _frame.AsMemory(0, _frame.Length / 2) }));
        Assert.Equal(IngestOutcome.Corrupt, camera.TryIngest(Frame("outcomes", 13) with { Jpeg = "not a jpeg"u8.ToArray() }));
        var refusal = camera.LastRefusal!;
        Assert.Equal((13L, IngestOutcome.Corrupt), (refusal.Sequence, refusal.Outcome));
        Assert.Contains("not a", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(Frame("outcomes", 14)));
        Assert.Equal(13L, camera.LastRefusal!.Sequence);

        Assert.Equal((7, 2, 5, 14), (camera.Counters.Received, camera.Counters.Accepted, camera.Counters.Rejected, camera.LastAcceptedSequence));
    }

    [Fact]
    public async Task TryIngest_DropsTheOldestWaitingFrame_WhenTheQueueIsFull_AndReportsEachDrop()
    {
        var camera = Camera("overflow", queueCapacity: 4);
        using var events = camera.Events.Subscribe();

        for (var sequence = 0; sequence < 10; sequence++)
        {
            Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(Frame("overflow", sequence)));
        }

        camera.CompleteIngest();
        await camera.RunAsync(CancellationToken.None);

        Assert.Equal((10, 6, 4), (camera.Counters.Accepted, camera.Counters.Dropped, camera.Counters.Processed));
        var notices = Drain(events);
        Assert.Equal([0L, 1, 2, 3, 4, 5], notices.OfType<FrameDroppedEvent>().Select(e => e.Sequence));
        Assert.All(notices.OfType<FrameDroppedEvent>(), e => Assert.Equal(DropReason.QueueFull, e.Reason));
        Assert.Equal([6L, 7, 8, 9], notices.OfType<FrameCompletedEvent>().Select(e => e.Sequence));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a stage's own timeout (an HTTP call's TaskCanceledException): not the pipeline being stopped
    public async Task Supervisor_RestartsAFailingCamera_WithoutTouchingTheOthers(bool failsWithCancellation)
    {
        var failing = new RecordingConsumer(failOnSequence: 3,
            failure: failsWithCancellation ? sequence => new TaskCanceledException($"a stage's request for frame {sequence} timed out") : null);
        var healthy = new RecordingConsumer();
        var brokenCamera = Camera("broken", consumer: failing);
        var goodCamera = Camera("good", consumer: healthy);
        var options = new SupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), DrainTimeout = TimeSpan.FromSeconds(30) };
        using var supervisor = new CameraSupervisor([brokenCamera, goodCamera], [], options, _metrics, TimeProvider.System, NullLogger.Instance);
        supervisor.Start();

        for (var sequence = 0; sequence < 8; sequence++)
        {
            await brokenCamera.IngestAsync(Frame("broken", sequence), CancellationToken.None);
            await goodCamera.IngestAsync(Frame("good", sequence), CancellationToken.None);
        }

        await supervisor.StopAsync(CancellationToken.None);

        Assert.True(failing.Results.Select(r => r.Sequence).SequenceEqual([0L, 1, 2, 4, 5, 6, 7]), string.Join(",", failing.Results.Select(r => r.Sequence)) + $" accepted {brokenCamera.Counters.Accepted} processed {brokenCamera.Counters.Processed} failed {brokenCamera.Counters.Failed} dropped {brokenCamera.Counters.Dropped}");
        Assert.Equal((8, 7, 1, 0), (brokenCamera.Counters.Accepted, brokenCamera.Counters.Processed, brokenCamera.Counters.Failed, brokenCamera.Counters.Dropped));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), healthy.Results.Select(r => r.Sequence));
        // Told once that the camera stopped, when it stopped for good, not at the restart.
        Assert.Equal((1, 1), (failing.Completions, healthy.Completions));
    }

    [Fact]
    public void APipelineDoneWithItsCamera_NoLongerReportsItsGauges_ButTheCamerasNextPipelineDoes()
    {
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var depths = new List<string>();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Name == "vision.queue.depth")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, _, tags, _) =>
            depths.AddRange(tags.ToArray().Where(tag => tag.Key == "camera").Select(tag => (string)tag.Value!)));
        listener.Start();
        var first = Camera("handed-over");
        var second = Camera("handed-over");
        var other = Camera("staying");

        first.StopReporting();
        listener.RecordObservableInstruments();
        Assert.Contains("handed-over", depths);
        depths.Clear();
        second.StopReporting();
        listener.RecordObservableInstruments();

        Assert.DoesNotContain("handed-over", depths);
        Assert.Contains("staying", depths);
        GC.KeepAlive(other);
    }

    [Fact]
    public async Task A_stop_that_cuts_the_drain_short_drops_what_is_queued_and_accounts_for_every_accepted_frame()
    {
        // The first frame's stage holds the detect loop until the pipeline was told to stop: whatever the machine's
        // speed, 40 frames are queued behind it when the stop comes.
        using var held = new HeldConsumer();
        var camera = Camera("shutdown", queueCapacity: 50, consumer: held);
        for (var sequence = 0; sequence < 40; sequence++)
        {
            camera.TryIngest(Frame("shutdown", sequence));
        }

        using var stop = new CancellationTokenSource();
        var running = camera.RunAsync(stop.Token);
        await held.Entered;
        camera.CompleteIngest();
        stop.Cancel();
        held.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var abandoned = camera.DropQueuedAtShutdown();

        var counters = camera.Counters;
        Assert.Equal(40, counters.Accepted);
        // The held frame, and at most the two already decoded behind it, are processed; every other frame is dropped.
        Assert.InRange(counters.Processed, 1, 3);
        Assert.Equal(abandoned, counters.DroppedShutdown);
        Assert.Equal(counters.Accepted, counters.Processed + counters.Failed + counters.Dropped);
        Assert.Equal(0, counters.InFlight);
        Assert.Equal(IngestOutcome.ShuttingDown, camera.TryIngest(Frame("shutdown", 100)));
    }

    [Fact]
    public async Task Pipeline_TracksPeopleWithVelocity_AndKeepsRecentEncodedFrames()
    {
        var recorder = new RecordingConsumer();
        var camera = Camera("tracks", consumer: recorder);
        using var capture = new VideoCapture(TestAssets.Sample("video/vtest.avi"));
        using var image = new Mat();
        var running = camera.RunAsync(CancellationToken.None);
        for (var sequence = 0; sequence < 30 && capture.Read(image); sequence++)
        {
            Cv2.ImEncode(".jpg", image, out var jpeg);
            await camera.IngestAsync(Frame("tracks", sequence) with { Jpeg = jpeg }, CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;

        var last = recorder.Results[^1];
        Assert.Equal((768, 576), (last.Width, last.Height));
        var people = last.Tracks.Where(t => t.State == TrackState.Tracked && t.Family == ClassFamily.Person).ToList();
        Assert.True(people.Count >= 4, $"{people.Count} people tracked");
        Assert.Contains(people, p => MathF.Abs(p.VelocityX) > 5); // someone walks across the square
        Assert.All(people, p => Assert.True(p.Age > TimeSpan.Zero));
        Assert.Equal(30, camera.History.Count);
        Assert.Equal(29, camera.History.Find(29)?.Sequence);
    }

    [Fact]
    public async Task The_history_keeps_its_duration_when_the_camera_sends_faster_than_its_expected_rate()
    {
        // Two seconds of history on a camera configured for 10 fps that sends 20: sized in frames at the expected rate it
        // held one second, and every evidence clip silently lost its first half.
        var camera = new CameraPipeline(
            new CameraDefinition { Id = "fast", Name = "fast", ExpectedFramesPerSecond = 10, HistoryDuration = TimeSpan.FromSeconds(2), IngestQueueCapacity = 64 },
            fixture.Standard, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);
        for (var sequence = 0; sequence < 60; sequence++)
        {
            await camera.IngestAsync(new EncodedFrame("fast", sequence, Start + TimeSpan.FromMilliseconds(50 * sequence), _frame), CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;

        var newest = Start + TimeSpan.FromMilliseconds(50 * 59);
        Assert.Equal(41, camera.History.Between(newest - TimeSpan.FromSeconds(2), newest).Count);
        Assert.Equal(41, camera.History.Count);
    }

    [Fact]
    public void The_history_keeps_the_frames_of_its_expected_rate_through_a_pause_of_the_stream()
    {
        // A violation's frames must outlive a pause longer than the history (a gateway reconnecting): its package is built
        // when the next frames come, and a history let go by age alone had nothing left of them.
        var history = FrameHistory.For(TimeSpan.FromSeconds(2), expectedFramesPerSecond: 10);
        for (var sequence = 0; sequence < 30; sequence++)
        {
            history.Add(new EncodedFrame("paused", sequence, Start + TimeSpan.FromMilliseconds(100 * sequence), _frame));
        }

        history.Add(new EncodedFrame("paused", 30, Start + TimeSpan.FromSeconds(20), _frame));

        // The newest frame and the 19 before the pause (1.1–2.9 s).
        Assert.Equal(20, history.Count);
        Assert.Equal(19, history.Between(Start + TimeSpan.FromSeconds(1.1), Start + TimeSpan.FromSeconds(2.9)).Count);
    }

    [Fact]
    public async Task A_change_of_frame_size_ends_every_track_so_no_vehicle_takes_over_another_ones_id()
    {
        // The gateway falls back from 1280×720 to an 854×480 substream: the tracks' boxes were in the old pixels, and a
        // track matched the scaled detection of whatever stood where its box had been, with its plate and rule state.
        var recorder = new RecordingConsumer();
        var camera = Camera("resized", consumer: recorder);
        using var full = TestAssets.SampleImage("images/zidane.jpg");
        using var small = full.Resize(new Size(854, 480), 0, 0, InterpolationFlags.Area);
        Cv2.ImEncode(".jpg", small, out var smallJpeg);
        var running = camera.RunAsync(CancellationToken.None);
        for (var sequence = 0; sequence < 10; sequence++)
        {
            await camera.IngestAsync(sequence < 5 ? Frame("resized", sequence) : Frame("resized", sequence) with { Jpeg = smallJpeg }, CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;

        var before = recorder.Results.Where(r => r.Width == 1280).SelectMany(r => r.Tracks).Select(t => t.TrackId).ToHashSet();
        var after = recorder.Results.Where(r => r.Width == 854).ToList();
        Assert.Equal(5, after.Count);
        Assert.NotEmpty(before);
        Assert.All(after, result => Assert.DoesNotContain(result.Tracks, track => before.Contains(track.TrackId)));
        Assert.Contains(after[^1].Tracks, track => track.State == TrackState.Tracked && track.Family == ClassFamily.Person);
    }

    public void Dispose() => _metrics.Dispose();

    /// <summary>Holds the first frame it is given until released.</summary>
    private sealed class HeldConsumer : IFrameResultConsumer, IDisposable
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();

        public Task Entered => _entered.Task;

        public void Release() => _release.Set();

        public void Consume(FrameResult result, FramePixels pixels)
        {
            _entered.TrySetResult();
            _release.Wait();
        }

        public void Dispose() => _release.Dispose();
    }

    private CameraPipeline Camera(string id, int queueCapacity = 8, int maxFrameBytes = 4 * 1024 * 1024, IFrameResultConsumer? consumer = null) =>
        new(new CameraDefinition { Id = id, Name = id, ExpectedFramesPerSecond = 10, IngestQueueCapacity = queueCapacity, MaxFrameBytes = maxFrameBytes },
            fixture.Standard, new TrackerOptions(), _metrics, consumer is null ? null : [consumer]);

    private EncodedFrame Frame(string camera, long sequence) => new(camera, sequence, Start + TimeSpan.FromMilliseconds(100 * sequence), _frame);

    private static List<CameraEvent> Drain(CameraSubscription subscription)
    {
        var events = new List<CameraEvent>();
        while (subscription.Reader.TryRead(out var cameraEvent))
        {
            events.Add(cameraEvent);
        }

        return events;
    }

    private static byte[] EncodeSample()
    {
        using var image = TestAssets.SampleImage("images/zidane.jpg");
        Cv2.ImEncode(".jpg", image, out var jpeg);
        return jpeg;
    }
}
