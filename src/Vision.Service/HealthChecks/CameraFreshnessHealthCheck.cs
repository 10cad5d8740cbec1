using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Pipeline.Runtime;

namespace Vision.Service.HealthChecks;

/// <summary>
/// Whether each enabled camera had a frame accepted recently (service clock). A camera silent for longer than
/// <see cref="HealthOptions.CameraDegradedAfter"/> degrades camera ingest, even when every camera is silent, and never
/// makes it unhealthy: silence is a matter for the gateways, and a load balancer that turned gateways away because no
/// frames arrive would keep them from ever arriving. Before its first frame a camera counts from the moment this check
/// was created (service start).
/// </summary>
public sealed class CameraFreshnessHealthCheck(IReadOnlyCollection<CameraPipeline> cameras, HealthOptions options, TimeProvider time) : IHealthCheck
{
    private readonly DateTimeOffset _since = time.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (cameras.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No camera is enabled."));
        }

        var now = time.GetUtcNow();
        var silence = cameras.ToDictionary(camera => camera.Id, camera => now - (camera.Counters.LastAcceptedAt ?? _since), StringComparer.Ordinal);
        var data = silence.ToDictionary(pair => pair.Key, pair => (object)Math.Round(pair.Value.TotalSeconds, 1), StringComparer.Ordinal);
        var silent = silence.Where(pair => pair.Value > options.CameraDegradedAfter).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        if (silent.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy(
                $"Every enabled camera ({cameras.Count}) had a frame within {Seconds(options.CameraDegradedAfter)}.", data));
        }

        if (silent.Count == cameras.Count)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"No enabled camera ({cameras.Count}) had a frame within {Seconds(options.CameraDegradedAfter)}.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Degraded(
            $"{silent.Count} of {cameras.Count} cameras had no frame within {Seconds(options.CameraDegradedAfter)}: {string.Join(", ", silent.Take(20))}.", data: data));
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
