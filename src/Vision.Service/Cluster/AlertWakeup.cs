using NATS.Client.Core;
using Vision.Storage;

namespace Vision.Service.Cluster;

/// <summary>
/// Wakes this node's alert subscribers when any node's alert reaches the event stream, so <c>Alerts.Subscribe</c> on any
/// node streams it at once rather than at its next poll of the shared store.
/// </summary>
public sealed class AlertWakeup(ClusterConnection cluster, AlertSignal signal) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in cluster.Connection.SubscribeAsync<byte[]>(ClusterNames.EventsSubjectPrefix + ">", cancellationToken: stoppingToken))
                {
                    signal.Pulse();
                }
            }
            catch (NatsException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
