using Vision.Pipeline.Runtime;

namespace Vision.Service.Hosting;

/// <summary>
/// Starts and stops the camera path in the order written here, not in the order services were registered: the
/// evidence recorder starts before the cameras, so their first violation has somewhere to go, and stops after them:
/// the cameras stop taking frames and drain every accepted one first (which may still raise violations), then the
/// recorder builds and records everything they raised.
/// </summary>
/// <param name="evidence">Null when evidence is off.</param>
public sealed class CameraHostedService(CameraSupervisor cameras, EvidenceHostedService? evidence = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (evidence is not null)
        {
            await evidence.StartAsync(cancellationToken);
        }

        cameras.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await cameras.StopAsync(cancellationToken);
        if (evidence is not null)
        {
            await evidence.StopAsync(cancellationToken);
        }
    }
}
