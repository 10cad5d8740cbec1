using Vision.Pipeline.Runtime;

namespace Vision.Service.Hosting;

/// <summary>
/// Starts and stops the camera path in the order written here, not in the order services were registered: the
/// evidence recorder starts before the cameras, so their first violation has somewhere to go, and stops after them:
/// the cameras stop taking frames and drain every accepted one first (which may still raise violations), then the
/// recorder builds and records everything they raised.
/// </summary>
/// <param name="evidence">
/// The evidence recorder's service (<see cref="EvidenceHostedService"/>), null when evidence is off. Started here, not by
/// the host, so the host does not watch it: a recorder that fails stops the service here, as the host would, rather
/// than leave the cameras raising violations nobody records.
/// </param>
public sealed partial class CameraHostedService(CameraSupervisor cameras, BackgroundService? evidence, IHostApplicationLifetime lifetime,
    ILogger<CameraHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (evidence is not null)
        {
            await evidence.StartAsync(cancellationToken);
            _ = evidence.ExecuteTask!.ContinueWith(StopOnFailure, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        cameras.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await cameras.StopAsync(cancellationToken);
        }
        finally
        {
            if (evidence is not null)
            {
                await evidence.StopAsync(cancellationToken);
            }
        }
    }

    private void StopOnFailure(Task recording)
    {
        var error = recording.Exception!.GetBaseException();
        EvidenceFailed(logger, error);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 6023, Level = LogLevel.Critical,
        Message = "The evidence recorder stopped; the service stops, as violations raised now would not be recorded (pending ones stay in the journal for the next start)")]
    private static partial void EvidenceFailed(ILogger logger, Exception error);
}
