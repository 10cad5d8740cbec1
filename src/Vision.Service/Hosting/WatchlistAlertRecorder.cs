using Vision.Pipeline.Runtime;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Persists every camera's watchlist hits as alert rows (one per camera, track and listed plate), so alert
/// subscribers get them with a position and can resume. The alert's time is the capture time of the frame that
/// decided the plate; its queue holds watchlist hits only, so frame events never push one out.
/// </summary>
public sealed partial class WatchlistAlertRecorder(
    CameraSupervisor supervisor, AlertLog alerts, ILogger<WatchlistAlertRecorder> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(supervisor.Cameras.Select(camera => RecordAsync(camera, stoppingToken)));

    private async Task RecordAsync(CameraPipeline camera, CancellationToken cancellationToken)
    {
        using var subscription = camera.Events.Subscribe(accepts: static e => e is WatchlistHitEvent);
        try
        {
            await foreach (var cameraEvent in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (cameraEvent is not WatchlistHitEvent hit)
                {
                    continue;
                }

                try
                {
                    await alerts.AppendWatchlistHitAsync(hit.CameraId, hit.TrackId, hit.TrackFirstSeen, hit.Sequence, hit.CapturedAt, hit.Hit, cancellationToken);
                    WatchlistHitStored(logger, hit.CameraId, hit.TrackId, hit.Hit.Entry.PlateCharacters);
                }
#pragma warning disable CA1031 // Whatever the store throws, this camera's later hits must still be stored.
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    // The store is unreachable: this hit is logged, not stored; the camera keeps running and later hits are stored again.
                    WatchlistHitNotStored(logger, hit.CameraId, hit.TrackId, hit.Hit.Entry.PlateCharacters, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Watchlist hit on {CameraId} track {TrackId}: {ListedPlate}")]
    private static partial void WatchlistHitStored(ILogger logger, string cameraId, long trackId, string listedPlate);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Error, Message = "Watchlist hit on {CameraId} track {TrackId} ({ListedPlate}) could not be stored as an alert")]
    private static partial void WatchlistHitNotStored(ILogger logger, string cameraId, long trackId, string listedPlate, Exception exception);
}
