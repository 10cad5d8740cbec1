using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Vision.Service.Cluster;

/// <summary>
/// Whether this node's cluster heartbeat keeps its camera leases renewed: degraded once no heartbeat has succeeded for
/// more than half a lease TTL (NATS slow or away, or the node overloaded), when its cameras are about to move or stop.
/// The data name the node, the heartbeat's age and, as <c>lease_age_s:{camera}</c>, each camera it holds with the age of
/// its lease, in seconds.
/// </summary>
public sealed class ClusterHealthCheck(CameraOwnership ownership, IOptions<ClusterOptions> options) : IHealthCheck
{
    /// <summary>The prefix of each held camera's entry in the data (a camera id alone could be "node").</summary>
    public const string LeaseAgeKey = "lease_age_s:";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var leases = ownership.LeaseAges;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["node"] = options.Value.NodeId };
        foreach (var (camera, age) in leases.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            data[LeaseAgeKey + camera] = Math.Round(age.TotalSeconds, 1);
        }

        if (ownership.SinceLastHeartbeat is not { } sinceHeartbeat)
        {
            return Task.FromResult(HealthCheckResult.Degraded("No cluster heartbeat has succeeded yet.", data: data));
        }

        data["heartbeat_age_s"] = Math.Round(sinceHeartbeat.TotalSeconds, 1);
        var late = options.Value.LeaseTtl / 2;
        return Task.FromResult(sinceHeartbeat > late
            ? HealthCheckResult.Degraded(
                $"No cluster heartbeat has succeeded for {Seconds(sinceHeartbeat)}, against leases of {Seconds(options.Value.LeaseTtl)}: "
                + $"a camera held here ({leases.Count}) stops once its lease has gone unconfirmed for {Seconds(ownership.FenceAfter)}.", data: data)
            : HealthCheckResult.Healthy($"Node {options.Value.NodeId} holds {leases.Count} camera leases, renewed {Seconds(sinceHeartbeat)} ago.", data));
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
