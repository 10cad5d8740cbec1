using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Pipeline.Runtime;

namespace Vision.Service.HealthChecks;

/// <summary>
/// Whether each camera this node runs had a frame accepted recently (service clock): every enabled camera on a single
/// node, the cameras whose leases it holds in a cluster; and whether a camera taking frames processed any of them
/// within the same bound. A camera silent for longer than
/// <see cref="HealthOptions.CameraDegradedAfter"/> degrades camera ingest, even when every camera is silent, and never
/// makes it unhealthy: silence is a matter for the gateways, and a load balancer that turned gateways away because no
/// frames arrive would keep them from ever arriving. Before its first frame a camera counts from the moment this check
/// first saw its pipeline (service start, or when the node took the camera over).
/// </summary>
public sealed class CameraFreshnessHealthCheck(Func<IReadOnlyCollection<CameraPipeline>> runningCameras, HealthOptions options, TimeProvider time) : IHealthCheck
{
    /// <summary>Data key prefix of a stalled camera's seconds since it last processed a frame.</summary>
    public const string StalledKey = "unprocessed_s:";

    /// <summary>Data key prefix of why a silent camera's latest frame was refused.</summary>
    public const string RefusedKey = "refused:";

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
        var bound = options.CameraDegradedAfter;
        var silence = cameras.ToDictionary(camera => camera.Id, camera => now - (camera.Counters.LastAcceptedAt ?? since[camera]), StringComparer.Ordinal);
        var data = silence.ToDictionary(pair => pair.Key, pair => (object)Math.Round(pair.Value.TotalSeconds, 1), StringComparer.Ordinal);
        var silent = silence.Where(pair => pair.Value > bound).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        // Frames arrive but none comes through the stages (a stage failing on every frame, a hung detector): accepted
        // frames alone would call it healthy.
        var stalled = new List<string>();
        foreach (var camera in cameras.Where(camera => !silent.Contains(camera.Id)))
        {
            var processed = camera.Counters.LastProcessedAt ?? since[camera];
            if (camera.Counters.LastAcceptedAt > processed && now - processed > bound)
            {
                stalled.Add(camera.Id);
                data[StalledKey + camera.Id] = Math.Round((now - processed).TotalSeconds, 1);
            }
        }

        stalled.Sort(StringComparer.Ordinal);
        if (silent.Count == 0 && stalled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Every camera ({cameras.Count}) had a frame within {Seconds(bound)}.", data));
        }

        var problems = new List<string>();
        if (silent.Count == cameras.Count)
        {
            problems.Add($"No camera ({cameras.Count}) had a frame within {Seconds(bound)}.");
        }
        else if (silent.Count > 0)
        {
            problems.Add($"{silent.Count} of {cameras.Count} cameras had no frame within {Seconds(bound)}: {string.Join(", ", silent.Take(20))}.");
        }

        // A camera whose frames arrive but are all refused is not silent: say why, or operators chase the camera or the network.
        foreach (var camera in cameras.Where(camera => silent.Contains(camera.Id)).OrderBy(camera => camera.Id, StringComparer.Ordinal).Take(20))
        {
            if (camera.LastRefusal is { } refusal && now - refusal.At <= bound)
            {
                problems.Add($"{camera.Id} refuses its frames ({refusal.Outcome}): {refusal.Detail}");
                data[RefusedKey + camera.Id] = refusal.Detail;
            }
        }

        if (stalled.Count > 0)
        {
            problems.Add($"{stalled.Count} of {cameras.Count} cameras took frames but processed none within {Seconds(bound)}: {string.Join(", ", stalled.Take(20))}.");
        }

        return Task.FromResult(HealthCheckResult.Degraded(string.Join(" ", problems), data: data));
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
