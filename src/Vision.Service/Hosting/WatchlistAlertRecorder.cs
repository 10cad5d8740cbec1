using Vision.Pipeline.Runtime;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Persists every camera's watchlist hits as alert rows (one per camera, track and listed plate), so alert
/// subscribers get them with a position and can resume. The alert's time is the capture time of the frame that
/// decided the plate; its queue holds watchlist hits only, so frame events never push one out.
/// </summary>
public sealed class WatchlistAlertRecorder(
    CameraSupervisor supervisor, AlertLog alerts, TimeProvider time, ILogger<WatchlistAlertRecorder> logger) : BackgroundService
{
    private readonly WatchlistHitWriter _writer = new(alerts, time, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(supervisor.Cameras.Select(camera => RecordAsync(camera, stoppingToken)));

    private async Task RecordAsync(CameraPipeline camera, CancellationToken cancellationToken)
    {
        using var subscription = camera.Events.Subscribe(accepts: static e => e is WatchlistHitEvent);
        try
        {
            await foreach (var cameraEvent in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (cameraEvent is WatchlistHitEvent hit)
                {
                    await _writer.StoreAsync(hit, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
