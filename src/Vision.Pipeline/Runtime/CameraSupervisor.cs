using Microsoft.Extensions.Logging;
using Vision.Pipeline.Cameras;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// Runs every camera's pipeline (and its video source, if it has one), restarting a failing camera with backoff
/// without touching the others, and on shutdown drains or accounts for every accepted frame.
/// </summary>
public sealed partial class CameraSupervisor : IDisposable
{
    private readonly IReadOnlyDictionary<string, CameraPipeline> _cameras;
    private readonly IReadOnlyList<VideoSource> _sources;
    private readonly SupervisorOptions _options;
    private readonly PipelineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Task> _running = [];
    private CancellationTokenSource? _stopSources;
    private CancellationTokenSource? _stopPipelines;
    private CancellationTokenSource? _draining;

    public CameraSupervisor(
        IEnumerable<CameraPipeline> cameras,
        IEnumerable<VideoSource> sources,
        SupervisorOptions options,
        PipelineMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        _cameras = cameras.ToDictionary(camera => camera.Id, StringComparer.Ordinal);
        _sources = sources.ToList();
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyCollection<CameraPipeline> Cameras => (IReadOnlyCollection<CameraPipeline>)_cameras.Values;

    public CameraPipeline? Find(string cameraId) => _cameras.GetValueOrDefault(cameraId);

    public void Start()
    {
        _stopSources = new CancellationTokenSource();
        _stopPipelines = new CancellationTokenSource();
        _draining = new CancellationTokenSource();
        foreach (var camera in _cameras.Values)
        {
            _running.Add(RestartLoop.RunAsync(camera.RunAsync, _options, _time, (error, backoff) =>
            {
                _metrics.CameraRestarted(camera.Id);
                LogCameraFailed(_logger, error, camera.Id, backoff);
            }, _stopPipelines.Token, _draining.Token));
        }

        foreach (var source in _sources)
        {
            _running.Add(RestartLoop.RunAsync(source.RunAsync, _options, _time,
                (error, backoff) => LogSourceFailed(_logger, error, backoff), _stopSources.Token));
        }
    }

    /// <summary>Stops taking frames, lets the pipelines finish what they accepted, and counts anything left as dropped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopSources is null || _stopPipelines is null)
        {
            return;
        }

        await _stopSources.CancelAsync();
        foreach (var camera in _cameras.Values)
        {
            camera.CompleteIngest();
        }

        await _draining!.CancelAsync();

        var drained = Task.WhenAll(_running);
        using var drainLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drainLimit.CancelAfter(_options.DrainTimeout);
        try
        {
            await drained.WaitAsync(drainLimit.Token);
        }
        catch (OperationCanceledException)
        {
            await _stopPipelines.CancelAsync();
            await drained.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        foreach (var camera in _cameras.Values)
        {
            foreach (var failure in camera.CompleteStages())
            {
                LogStageCompletionFailed(_logger, failure, camera.Id);
            }

            var abandoned = camera.DropQueuedAtShutdown();
            LogCameraStopped(_logger, camera.Id, camera.Counters.Accepted, camera.Counters.Processed, camera.Counters.Failed,
                camera.Counters.Dropped, abandoned);
        }
    }

    public void Dispose()
    {
        _stopSources?.Dispose();
        _stopPipelines?.Dispose();
        _draining?.Dispose();
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Camera {CameraId} pipeline failed; restarting in {Backoff}")]
    private static partial void LogCameraFailed(ILogger logger, Exception error, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Video source failed; reopening in {Backoff}")]
    private static partial void LogSourceFailed(ILogger logger, Exception error, TimeSpan backoff);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Camera {CameraId}: a stage failed to complete at shutdown; the other stages completed")]
    private static partial void LogStageCompletionFailed(ILogger logger, Exception error, string cameraId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Camera {CameraId} stopped: {Accepted} accepted, {Processed} processed, {Failed} failed, {Dropped} dropped ({Abandoned} at shutdown)")]
    private static partial void LogCameraStopped(ILogger logger, string cameraId, long accepted, long processed, long failed, long dropped, int abandoned);
}
