using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Vision.Service.HealthChecks;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Observability;

/// <summary>A check's change of state is logged once at the level it deserves, not at every 30-second probe.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class HealthTransitionLogTests(VisionServiceFixture service)
{
    [Fact]
    public async Task ASilentCamera_IsOneWarning_AndEachLaterChangeOneLineAtItsLevel()
    {
        var logger = new LevelRecordingLogger();
        var publisher = new HealthTransitionLog(logger);
        var stalled = new TimeoutException("no answer within 10 s");

        await PublishAsync(publisher, ("cameras", HealthStatus.Healthy, "Every enabled camera (1) had a frame within 30 s.", null), ("detector", HealthStatus.Healthy, "answers", null));
        for (var probe = 0; probe < 4; probe++)
        {
            await PublishAsync(publisher, ("cameras", HealthStatus.Degraded, "No enabled camera (1) had a frame within 30 s.", null), ("detector", HealthStatus.Healthy, "answers", null));
        }

        await PublishAsync(publisher, ("cameras", HealthStatus.Healthy, "Every enabled camera (1) had a frame within 30 s.", null), ("detector", HealthStatus.Unhealthy, "stalled", stalled));
        await PublishAsync(publisher, ("cameras", HealthStatus.Healthy, "Every enabled camera (1) had a frame within 30 s.", null), ("detector", HealthStatus.Unhealthy, "stalled", stalled));

        Assert.Equal(
        [
            (LogLevel.Warning, "Health check cameras: Healthy -> Degraded. No enabled camera (1) had a frame within 30 s.", null),
            (LogLevel.Information, "Health check cameras: Degraded -> Healthy. Every enabled camera (1) had a frame within 30 s.", null),
            (LogLevel.Error, "Health check detector: Healthy -> Unhealthy. stalled", stalled),
        ], logger.Entries);
    }

    [Fact]
    public void InTheService_TheTransitionLogPublishes_AndTheFrameworksLinePerProbeIsOff()
    {
        Assert.Contains(service.Services.GetServices<IHealthCheckPublisher>(), publisher => publisher is HealthTransitionLog);
        var perProbe = service.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");
        Assert.False(perProbe.IsEnabled(LogLevel.Error));
    }

    private static Task PublishAsync(HealthTransitionLog publisher, params (string Name, HealthStatus Status, string Description, Exception? Error)[] checks) =>
        publisher.PublishAsync(new HealthReport(
            checks.ToDictionary(check => check.Name, check => new HealthReportEntry(check.Status, check.Description, TimeSpan.Zero, check.Error, null)),
            TimeSpan.Zero), CancellationToken.None);

    private sealed class LevelRecordingLogger : ILogger<HealthTransitionLog>
    {
        public List<(LogLevel Level, string Message, Exception? Error)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
