using Vision.Pipeline.Runtime;

namespace Vision.Service.Hosting;

/// <summary>Starts the camera pipelines with the host and drains them when it stops.</summary>
public sealed class CameraHostedService(CameraSupervisor supervisor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        supervisor.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(cancellationToken);
}
