using Vision.Pipeline.Runtime;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Keeps each gateway camera's last accepted sequence in the store: loaded into the cameras before the service takes
/// calls, saved every second while it changes and once more at shutdown. After a crash the resume point trails by at
/// most one interval, so a reconnecting gateway resends at most a second of frames. File and RTSP cameras number their
/// frames afresh on every start and are left out.
/// </summary>
public sealed partial class CameraSequenceCheckpoints(CameraSupervisor supervisor, CameraSequenceStore store,
    Microsoft.Extensions.Options.IOptions<Grpc.CaptureTimeWindowOptions> captureWindow, ILogger<CameraSequenceCheckpoints> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, long> _saved = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (cameraId, (sequence, savedAt)) in await store.LoadAsync(cancellationToken))
        {
            if (supervisor.Find(cameraId) is { Definition.Source: null } camera)
            {
                camera.ResumeAfter(sequence, savedAt + captureWindow.Value.MaxCaptureLead);
                _saved[cameraId] = sequence;
                Resumed(logger, cameraId, sequence);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await SaveChangedAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SaveChangedAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                SaveFailed(logger, error);
            }
        }
    }

    private async Task SaveChangedAsync(CancellationToken cancellationToken)
    {
        var changed = supervisor.Cameras
            .Where(camera => camera.Definition.Source is null && camera.LastAcceptedSequence >= 0
                             && camera.LastAcceptedSequence != _saved.GetValueOrDefault(camera.Id, -1))
            .Select(camera => (camera.Id, camera.LastAcceptedSequence))
            .ToList();
        await store.SaveAsync(changed, cancellationToken);
        foreach (var (cameraId, sequence) in changed)
        {
            _saved[cameraId] = sequence;
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Camera {CameraId} resumes after sequence {Sequence} (kept in the store)")]
    private static partial void Resumed(ILogger logger, string cameraId, long sequence);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Saving the cameras' last accepted sequences failed; retrying in a second")]
    private static partial void SaveFailed(ILogger logger, Exception error);
}
