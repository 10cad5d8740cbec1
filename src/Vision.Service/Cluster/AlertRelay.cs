using System.Globalization;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Vision.Storage;

namespace Vision.Service.Cluster;

/// <summary>
/// Publishes every stored alert (violations and watchlist hits) on the event stream, in position order, from one node at
/// a time: the holder of the <see cref="ClusterNames.AlertRelayLease"/> lease. The store is the source: an alert is
/// published after it committed, its message id is its position (JetStream drops a repeat), and the position of the
/// last one published is kept in <see cref="ClusterNames.RelayBucket"/>, so a relay that dies mid-batch is followed by
/// another that publishes the rest, none twice and none lost.
/// </summary>
public sealed partial class AlertRelay(ClusterConnection cluster, AlertLog alerts, IOptions<ClusterOptions> options, ILogger<AlertRelay> logger)
    : BackgroundService
{
    private const string PositionKey = "position";
    private const int BatchSize = 200;
    private readonly ClusterOptions _options = options.Value;
    private ulong? _leaseRevision;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        do
        {
            try
            {
                if (await HoldLeaseAsync(stoppingToken))
                {
                    await RelayAsync(stoppingToken);
                }
            }
            catch (Exception error) when (error is NatsException or TimeoutException or System.Data.Common.DbException && !stoppingToken.IsCancellationRequested)
            {
                RelayFailed(logger, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Leaving: the lease is given up, so another node relays from its next heartbeat on instead of after the lease expired.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_leaseRevision is not { } revision)
        {
            return;
        }

        try
        {
            await cluster.Owners.DeleteAsync(ClusterNames.AlertRelayLease, new NatsKVDeleteOpts { Revision = revision }, cancellationToken);
        }
        catch (Exception error) when (error is NatsException or TimeoutException or OperationCanceledException)
        {
            // The lease expires after its TTL.
        }
    }

    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            _leaseRevision = _leaseRevision is { } revision
                ? await cluster.Owners.UpdateAsync(ClusterNames.AlertRelayLease, cluster.NodeId, revision, cancellationToken: cancellationToken)
                : await cluster.Owners.CreateAsync(ClusterNames.AlertRelayLease, cluster.NodeId, cancellationToken: cancellationToken);
            return true;
        }
        catch (NatsKVException)
        {
            // Another node relays, unless the lease is this node's at a revision whose answer was lost.
            _leaseRevision = await OwnLease.TryRenewAsync(cluster.Owners, ClusterNames.AlertRelayLease, cluster.NodeId, cancellationToken);
            return _leaseRevision is not null;
        }
    }

    /// <summary>Publishes what was stored since the last published position; returns when caught up.</summary>
    private async Task RelayAsync(CancellationToken cancellationToken)
    {
        var position = await LastPublishedAsync(cancellationToken);
        while (true)
        {
            var batch = await alerts.ReadAfterAsync(position, BatchSize, cancellationToken);
            foreach (var alert in batch)
            {
                var ack = await cluster.JetStream.PublishAsync(ClusterNames.EventSubject(alert.Kind, alert.CameraId), AlertEventMessage.Encode(alert),
                    opts: new NatsJSPubOpts { MsgId = AlertEventMessage.MessageId(alert.Position) }, cancellationToken: cancellationToken);
                // Published already by a relay that stopped (or lost its position to a NATS restart) before it saved the
                // position: the stream keeps it once, and relaying goes on after it.
                if (!ack.Duplicate)
                {
                    ack.EnsureSuccess();
                }
                position = alert.Position;
            }

            if (batch.Count > 0)
            {
                await cluster.Relay.PutAsync(PositionKey, position.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
                Relayed(logger, batch.Count, position);
            }

            if (batch.Count < BatchSize)
            {
                return;
            }
        }
    }

    private async Task<long> LastPublishedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var entry = await cluster.Relay.GetEntryAsync<string>(PositionKey, cancellationToken: cancellationToken);
            return long.Parse(entry.Value!, CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
        {
            // Never written, or deleted by hand (`nats kv del`, which leaves a delete marker): start from the beginning,
            // as a new cluster does (a deleted position otherwise stopped publishing for good).
            return 0;
        }
    }

    [LoggerMessage(EventId = 7040, Level = LogLevel.Debug, Message = "Published {Count} alerts on the event stream, up to position {Position}")]
    private static partial void Relayed(ILogger logger, int count, long position);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Warning, Message = "Publishing alerts on the event stream failed ({Reason}); retrying")]
    private static partial void RelayFailed(ILogger logger, string reason);
}
