using Vision.Pipeline.Runtime;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Stores a camera's watchlist hit as an alert, trying again while the store cannot take it (a failover, a locked
/// database): a hit exists nowhere else, and a dropped one is a wanted vehicle the police never hear of. Storing is
/// idempotent (one alert per camera, track passage and listed plate), so a try whose answer was lost is harmless.
/// Gives up when the camera stops (cancellation), or at once on a failure no retry mends (not the store's availability).
/// </summary>
public sealed partial class WatchlistHitWriter(AlertLog alerts, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    public async Task StoreAsync(WatchlistHitEvent hit, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await alerts.AppendWatchlistHitAsync(hit.CameraId, hit.TrackId, hit.TrackFirstSeen, hit.Sequence, hit.CapturedAt, hit.Hit, cancellationToken);
                WatchlistHitStored(logger, hit.CameraId, hit.TrackId, hit.Hit.Entry.PlateCharacters, attempt);
                return;
            }
            catch (Exception error) when (StoreErrors.IsUnavailable(error) && !cancellationToken.IsCancellationRequested)
            {
                // The store cannot answer now: tried again; the camera's later hits wait behind this one.
                WatchlistHitNotStoredYet(logger, hit.CameraId, hit.TrackId, hit.Hit.Entry.PlateCharacters, attempt, wait, error);
            }
#pragma warning disable CA1031 // Any other failure would fail every try: this hit is lost (logged), the camera's later ones are not held behind it.
            catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
            {
                WatchlistHitNotStored(logger, hit.CameraId, hit.TrackId, hit.Hit.Entry.PlateCharacters, error);
                return;
            }

            await Task.Delay(wait, time, cancellationToken);
            wait = wait * 2 < MaxRetry ? wait * 2 : MaxRetry;
        }
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Watchlist hit on {CameraId} track {TrackId}: {ListedPlate} (stored on attempt {Attempt})")]
    private static partial void WatchlistHitStored(ILogger logger, string cameraId, long trackId, string listedPlate, int attempt);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Watchlist hit on {CameraId} track {TrackId} ({ListedPlate}) cannot be stored as an alert; it is lost")]
    private static partial void WatchlistHitNotStored(ILogger logger, string cameraId, long trackId, string listedPlate, Exception exception);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Error,
        Message = "Watchlist hit on {CameraId} track {TrackId} ({ListedPlate}) could not be stored as an alert (attempt {Attempt}); trying again in {Wait}")]
    private static partial void WatchlistHitNotStoredYet(ILogger logger, string cameraId, long trackId, string listedPlate, int attempt, TimeSpan wait, Exception exception);
}
