namespace Vision.Service.Security;

/// <summary>While Vision:Security:AllowInsecureNetwork lets plain HTTP reach the network, says so at start and every minute.</summary>
internal sealed partial class InsecureNetworkWarning(IReadOnlyList<string> urls, TimeProvider time, ILogger<InsecureNetworkWarning> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var addresses = string.Join(", ", urls);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            Warn(logger, addresses);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 1640, Level = LogLevel.Warning,
        Message = "INSECURE: {Urls} serve plain HTTP beyond this machine (Vision:Security:AllowInsecureNetwork=true): passwords, keys, tokens and evidence cross the network in clear")]
    private static partial void Warn(ILogger logger, string urls);
}
