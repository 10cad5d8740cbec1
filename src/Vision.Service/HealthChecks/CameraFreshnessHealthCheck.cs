using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Pipeline.Runtime;

namespace Vision.Service.HealthChecks;

/// <summary>
/// Whether each camera this node runs had a frame accepted recently (service clock): every enabled camera on a single
/// node, the cameras whose leases it holds in a cluster. A camera silent for longer than
/// <see cref="HealthOptions.CameraDegradedAfter"/> degrades camera ingest, even when every camera is silent, and never
/// makes it unhealthy: silence is a matter for the gateways, and a load balancer that turned gateways away because no
/// frames arrive would keep them from ever arriving. Before its first frame a camera counts from the moment this check
/// first saw its pipeline (service start, or when the node took the camera over).
/// </summary>
public sealed class CameraFreshnessHealthCheck(Func<IReadOnlyCollection<CameraPipeline>> runningCameras, HealthOptions options, TimeProvider time) : IHealthCheck
{
    private readonly Dictionary<CameraPipeline, DateTimeOffset> _firstSeen = new(ReferenceEqualityComparer.Instance);

    /// <summary>A fixed set of cameras (a single node's).</summary>
    public CameraFreshnessHealthCheck(IReadOnlyCollection<CameraPipeline> cameras, HealthOptions options, TimeProvider time)
        : this(() => cameras, options, time)
    {
        _ = Since(cameras);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cameras = runningCameras();
        var since = Since(cameras);
        if (cameras.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No camera runs on this node."));
        }

        var now = time.GetUtcNow();
        var silence = cameras.ToDictionary(camera => camera.Id, camera => now - (camera.Counters.LastAcceptedAt ?? since[camera]), StringComparer.Ordinal);
        var data = silence.ToDictionary(pair => pair.Key, pair => (object)Math.Round(pair.Value.TotalSeconds, 1), StringComparer.Ordinal);
        var silent = silence.Where(pair => pair.Value > options.CameraDegradedAfter).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        if (silent.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy(
                $"Every camera ({cameras.Count}) had a frame within {Seconds(options.CameraDegradedAfter)}.", data));
        }

        if (silent.Count == cameras.Count)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"No camera ({cameras.Count}) had a frame within {Seconds(options.CameraDegradedAfter)}.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Degraded(
            $"{silent.Count} of {cameras.Count} cameras had no frame within {Seconds(options.CameraDegradedAfter)}: {string.Join(", ", silent.Take(20))}.", data: data));
    }

    /// <summary>When each camera was first seen by this check; cameras no longer run are forgotten.</summary>
    private Dictionary<CameraPipeline, DateTimeOffset> Since(IReadOnlyCollection<CameraPipeline> cameras)
    {
        lock (_firstSeen)
        {
            var now = time.GetUtcNow();
            foreach (var gone in _firstSeen.Keys.Where(camera => !cameras.Contains(camera)).ToList())
            {
                _firstSeen.Remove(gone);
            }

            foreach (var camera in cameras)
            {
                _firstSeen.TryAdd(camera, now);
            }

            return new Dictionary<CameraPipeline, DateTimeOffset>(_firstSeen, ReferenceEqualityComparer.Instance);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
