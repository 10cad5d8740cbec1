namespace Vision.Service.Security;

/// <summary>While Vision:Security:AllowInsecureNetwork lets plain HTTP reach the network, says so at start and every minute.</summary>
public sealed partial class InsecureNetworkWarning(IReadOnlyList<string> urls, TimeProvider time, ILogger<InsecureNetworkWarning> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly string _addresses = string.Join(", ", urls);
    private PeriodicTimer? _timer;

    /// <summary>
    /// Warns before the host goes on starting (ExecuteAsync runs on a thread of its own since .NET 10, so a warning
    /// written there could come after the first call, or never, on a host stopped at once), and starts the minute's count.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(Interval, time);
        Warn(logger, _addresses);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _timer!.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Warn(logger, _addresses);
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1640, Level = LogLevel.Warning,
        Message = "INSECURE: {Urls} serve plain HTTP beyond this machine (Vision:Security:AllowInsecureNetwork=true): passwords, keys, tokens and evidence cross the network in clear")]
    private static partial void Warn(ILogger logger, string urls);
}
