using System.Net;
using System.Text.Json;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>What a node says of itself on /healthz (anonymous, as a load balancer or an operator reads it).</summary>
internal static class NodeHealth
{
    /// <summary>The cameras the node holds (runs, or is stopping): those its "cluster" check lists with the age of their leases.</summary>
    public static async Task<IReadOnlyList<string>> CamerasRunAsync(ServiceProcess node, IReadOnlyCollection<string> cameraIds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient
        {
            DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact, Timeout = TimeSpan.FromSeconds(10),
        };
        using var response = await http.GetAsync(new Uri(node.Address, "/healthz"), cancellationToken);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var cluster = health.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data");
        return [.. cluster.EnumerateObject().Select(entry => entry.Name)
            .Where(name => name.StartsWith(ClusterHealthCheck.LeaseAgeKey, StringComparison.Ordinal))
            .Select(name => name[ClusterHealthCheck.LeaseAgeKey.Length..]).Where(cameraIds.Contains).Order(StringComparer.Ordinal)];
    }
}
