using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Vision.Pipeline.Runtime;

/// <summary>The camera pipeline's instruments (meter <c>Vision.Pipeline</c>), tagged by camera.</summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "Vision.Pipeline";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _watchlistHits;
    private readonly Histogram<double> _stageDuration;
    private readonly ConcurrentDictionary<string, Func<CameraGauges>> _cameras = new(StringComparer.Ordinal);

    public PipelineMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _received = _meter.CreateCounter<long>("vision.frames.received", "{frame}", "Frames that reached ingest");
        _rejected = _meter.CreateCounter<long>("vision.frames.rejected", "{frame}", "Frames refused at ingest, by outcome");
        _dropped = _meter.CreateCounter<long>("vision.frames.dropped", "{frame}", "Accepted frames dropped, by reason");
        _processed = _meter.CreateCounter<long>("vision.frames.processed", "{frame}", "Frames decoded, detected and tracked");
        _failed = _meter.CreateCounter<long>("vision.frames.failed", "{frame}", "Accepted frames that could not be decoded");
        _restarts = _meter.CreateCounter<long>("vision.camera.restarts", "{restart}", "Camera pipelines restarted by the supervisor");
        _watchlistHits = _meter.CreateCounter<long>("vision.watchlist.hits", "{hit}", "Vehicle plates that matched the watchlist");
        _stageDuration = _meter.CreateHistogram<double>("vision.stage.duration", "ms", "Time a frame spent in a pipeline stage");
        _meter.CreateObservableGauge("vision.queue.depth", ObserveQueueDepths, "{frame}", "Frames waiting in a camera's queues");
        _meter.CreateObservableGauge("vision.tracks.alive", ObserveTracks, "{track}", "Tracks a camera's tracker holds");
    }

    public void Register(string cameraId, Func<CameraGauges> gauges) => _cameras[cameraId] = gauges;

    /// <summary>Stops reading these gauges; a later pipeline registered for the camera since is left alone.</summary>
    public void Unregister(string cameraId, Func<CameraGauges> gauges) =>
        _cameras.TryRemove(new KeyValuePair<string, Func<CameraGauges>>(cameraId, gauges));

    public void FrameReceived(string cameraId) => _received.Add(1, Camera(cameraId));

    public void FrameRejected(string cameraId, IngestOutcome outcome) =>
        _rejected.Add(1, Camera(cameraId), new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void FrameDropped(string cameraId, DropReason reason) =>
        _dropped.Add(1, Camera(cameraId), new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void FrameProcessed(string cameraId, in StageTimings timings)
    {
        _processed.Add(1, Camera(cameraId));
        RecordStage(cameraId, "decode", timings.Decode);
        RecordStage(cameraId, "detect", timings.Detect);
        RecordStage(cameraId, "track", timings.Track);
        RecordStage(cameraId, "plates", timings.Plates);
    }

    public void FrameFailed(string cameraId) => _failed.Add(1, Camera(cameraId));

    public void WatchlistHit(string cameraId) => _watchlistHits.Add(1, Camera(cameraId));

    public void CameraRestarted(string cameraId) => _restarts.Add(1, Camera(cameraId));

    public void Dispose() => _meter.Dispose();

    private void RecordStage(string cameraId, string stage, TimeSpan duration) =>
        _stageDuration.Record(duration.TotalMilliseconds, Camera(cameraId), new KeyValuePair<string, object?>("stage", stage));

    private static KeyValuePair<string, object?> Camera(string cameraId) => new("camera", cameraId);

    private IEnumerable<Measurement<int>> ObserveQueueDepths()
    {
        foreach (var (cameraId, gauges) in _cameras.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var current = gauges();
            yield return new Measurement<int>(current.IngestQueueDepth, Camera(cameraId), new("queue", "ingest"));
            yield return new Measurement<int>(current.DecodedQueueDepth, Camera(cameraId), new("queue", "decoded"));
        }
    }

    private IEnumerable<Measurement<int>> ObserveTracks()
    {
        foreach (var (cameraId, gauges) in _cameras.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            yield return new Measurement<int>(gauges().TracksAlive, Camera(cameraId));
        }
    }
}

/// <summary>A camera's current queue depths and live tracks, read when metrics are collected.</summary>
public readonly record struct CameraGauges(int IngestQueueDepth, int DecodedQueueDepth, int TracksAlive);
