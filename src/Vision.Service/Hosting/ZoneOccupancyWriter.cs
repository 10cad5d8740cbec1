using System.Threading.Channels;
using Vision.Domain.StreetOrder;
using Vision.Pipeline.StreetOrder;
using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Takes the cameras' hourly sidewalk occupancy reports off their loops (an unbounded queue: a few reports per zone an
/// hour) and writes them to the store in batches, keeping only the newest report of each camera run and hour. A report
/// the store refused is kept and written with the next batch. It stops once every hosted service has stopped
/// (<see cref="StoppedAsync"/>), so what the cameras report while they drain at shutdown is written too, whatever the
/// order the services were registered in.
/// </summary>
public sealed partial class ZoneOccupancyWriter(ZoneOccupancyStore store, ILogger<ZoneOccupancyWriter> logger)
    : BackgroundService, IHostedLifecycleService, IZoneOccupancySink
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<ZoneOccupancyHour> _reports = Channel.CreateUnbounded<ZoneOccupancyHour>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<(string, string, DateTimeOffset, DateTimeOffset), ZoneOccupancyHour> _unwritten = [];

    public void Report(ZoneOccupancyHour hour) => _reports.Writer.TryWrite(hour);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps writing while the other hosted services stop: the cameras may still report as they drain.</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every hosted service has stopped, the cameras with them: writes everything queued, then ends.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _reports.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // Stopped before its loop ever ran (started and stopped at once, the loop still queued on the thread pool): what
        // was reported is written here.
        if (ExecuteTask is { IsCompleted: true })
        {
            await WriteQueuedAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _reports.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteQueuedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await WriteQueuedAsync(CancellationToken.None);
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
    {
        while (_reports.Reader.TryRead(out var hour))
        {
            _unwritten[(hour.CameraId, hour.ZoneName, hour.HourStart, hour.RunStartedAt)] = hour;
        }

        if (_unwritten.Count == 0)
        {
            return;
        }

        try
        {
            await store.WriteAsync(_unwritten.Values, cancellationToken);
            _unwritten.Clear();
        }
#pragma warning disable CA1031 // A store outage must not stop the statistics: the reports stay queued and are written next time.
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            NotWritten(logger, _unwritten.Count, error);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "{Count} sidewalk occupancy reports could not be written to the store; retrying")]
    private static partial void NotWritten(ILogger logger, int count, Exception exception);
}
