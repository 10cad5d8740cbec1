using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vision.Service.HealthChecks;

/// <summary>
/// Logs each health check's change of state once, as the periodic publisher (every 30 s) sees it: Warning when it
/// degrades, Error with the check's exception when it becomes unhealthy, Information when it recovers. The framework's
/// own line per check and probe is switched off (<see cref="HealthRegistration"/>), so a silent camera is one
/// warning, not an error every 30 seconds.
/// </summary>
public sealed partial class HealthTransitionLog(ILogger<HealthTransitionLog> logger) : IHealthCheckPublisher
{
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var (name, entry) in report.Entries)
            {
                // Healthy is what a check is assumed to start as: a healthy start says nothing.
                var before = _last.GetValueOrDefault(name, HealthStatus.Healthy);
                _last[name] = entry.Status;
                if (before == entry.Status)
                {
                    continue;
                }

                var description = entry.Description ?? entry.Exception?.Message ?? string.Empty;
                switch (entry.Status)
                {
                    case HealthStatus.Healthy:
                        Recovered(logger, name, before, description);
                        break;
                    case HealthStatus.Degraded:
                        Degraded(logger, name, before, description);
                        break;
                    default:
                        Unhealthy(logger, entry.Exception, name, before, description);
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "Health check {Check}: {Before} -> Healthy. {Description}")]
    private static partial void Recovered(ILogger logger, string check, HealthStatus before, string description);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Warning, Message = "Health check {Check}: {Before} -> Degraded. {Description}")]
    private static partial void Degraded(ILogger logger, string check, HealthStatus before, string description);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Error, Message = "Health check {Check}: {Before} -> Unhealthy. {Description}")]
    private static partial void Unhealthy(ILogger logger, Exception? error, string check, HealthStatus before, string description);
}
