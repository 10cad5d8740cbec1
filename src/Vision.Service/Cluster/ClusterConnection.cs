using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace Vision.Service.Cluster;

/// <summary>
/// This node's connection to NATS (reconnecting forever) and the JetStream streams and buckets the nodes share,
/// created or brought up to date by <see cref="EnsureTopologyAsync"/> before the node takes calls.
/// </summary>
public sealed partial class ClusterConnection : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly ILogger _logger;
    private INatsKVStore? _owners;
    private INatsKVStore? _nodes;
    private INatsKVStore? _relay;
    private readonly NatsOpts _connectionOptions;

    public ClusterConnection(IOptions<ClusterOptions> options, ILogger<ClusterConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        _connectionOptions = new NatsOpts
        {
            Url = _options.NatsUrl,
            Name = "vision-" + _options.NodeId,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
        };
        Connection = new NatsConnection(_connectionOptions);
        JetStream = Connection.CreateJetStreamContext();
        KeyValue = JetStream.CreateKeyValueStoreContext();
    }

    public NatsConnection Connection { get; }

    public INatsJSContext JetStream { get; }

    public INatsKVContext KeyValue { get; }

    public string NodeId => _options.NodeId;

    /// <summary>
    /// Another connection of this node to NATS, with the same servers and reconnection (named
    /// <c>vision-{node}-{purpose}</c> in the server's monitoring), for traffic that must not queue with the node's own.
    /// </summary>
    public NatsConnection OpenConnection(string purpose) =>
        new(_connectionOptions with { Name = $"vision-{_options.NodeId}-{purpose}" });

    public INatsKVStore Owners => _owners ?? throw NotReady();

    public INatsKVStore Nodes => _nodes ?? throw NotReady();

    public INatsKVStore Relay => _relay ?? throw NotReady();

    /// <summary>Connects and creates (or updates) the streams and buckets; fails with a clear message when NATS stays unreachable.</summary>
    public async Task EnsureTopologyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        var shownUrl = Shown(_options.NatsUrl);
        while (true)
        {
            try
            {
                await Connection.ConnectAsync();
                await CreateAsync(deadline.Token);
                TopologyReady(_logger, shownUrl, _options.NodeId, _options.FailoverBound.TotalSeconds);
                return;
            }
            catch (Exception error) when (error is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (deadline.IsCancellationRequested)
                {
                    throw new InvalidOperationException(
                        $"Cluster mode: the NATS server at {shownUrl} (Vision:Cluster:NatsUrl) did not answer with JetStream within {_options.ConnectTimeout}: {Shown(error.Message)}. "
                        + "Start nats-server with -js, or fix the URL.",
                        // The client's own error may name the address with its password: kept only when it does not.
                        Shown(error.ToString()) == error.ToString() ? error : null);
                }

                var reason = Shown(error.Message);
                NotReachable(_logger, shownUrl, reason);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    /// <summary>
    /// <paramref name="text"/> without the user information of the NATS addresses: the nodes carry their password in the
    /// URL, and it was logged at every start and every half second while NATS was away.
    /// </summary>
    private string Shown(string text)
    {
        foreach (var address in _options.NatsUrl.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var authority = address.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
            if (address.IndexOf('@', authority) is var at and > 0)
            {
                text = text.Replace(address[authority..at], "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await CreateOrUpdateStreamAsync(new StreamConfig(ClusterNames.FramesStream, [ClusterNames.FramesSubjectPrefix + ">"])
        {
            Description = "Accepted camera frames, one subject per camera (vision.frames.{camera}); the oldest is discarded past the limits.",
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            MaxMsgsPerSubject = _options.FramesPerCamera,
            MaxAge = _options.FrameMaxAge,
            DuplicateWindow = TimeSpan.FromMinutes(1) < _options.FrameMaxAge ? TimeSpan.FromMinutes(1) : _options.FrameMaxAge,
            AllowDirect = true,
            NumReplicas = _options.Replicas,
        }, cancellationToken);
        await CreateOrUpdateStreamAsync(new StreamConfig(ClusterNames.EventsStream, [ClusterNames.EventsSubjectPrefix + ">"])
        {
            Description = "Violations and watchlist hits once stored (vision.events.violation.{camera}, vision.events.watchlist.{camera}).",
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            MaxAge = _options.EventRetention,
            DuplicateWindow = TimeSpan.FromMinutes(10),
            NumReplicas = _options.Replicas,
        }, cancellationToken);
        _owners = await CreateOrUpdateBucketAsync(new NatsKVConfig(ClusterNames.OwnersBucket)
        {
            Description = "Camera leases: camera id -> owning node, renewed every heartbeat, gone after the lease TTL.",
            History = 1,
            MaxAge = _options.LeaseTtl,
            Storage = NatsKVStorageType.File,
            NumberOfReplicas = _options.Replicas,
        }, cancellationToken);
        _nodes = await CreateOrUpdateBucketAsync(new NatsKVConfig(ClusterNames.NodesBucket)
        {
            Description = "Live nodes: node id -> start time, renewed every heartbeat, gone after the lease TTL.",
            History = 1,
            MaxAge = _options.LeaseTtl,
            Storage = NatsKVStorageType.File,
            NumberOfReplicas = _options.Replicas,
        }, cancellationToken);
        _relay = await CreateOrUpdateBucketAsync(new NatsKVConfig(ClusterNames.RelayBucket)
        {
            Description = "Position of the last alert published on the event stream.",
            History = 1,
            Storage = NatsKVStorageType.File,
            NumberOfReplicas = _options.Replicas,
        }, cancellationToken);
    }

    private async Task CreateOrUpdateStreamAsync(StreamConfig ours, CancellationToken cancellationToken) =>
        await JetStream.CreateOrUpdateStreamAsync(OperatorStreamSettings.Keep(ours, await ExistingStreamAsync(ours.Name!, cancellationToken)), cancellationToken);

    private async Task<INatsKVStore> CreateOrUpdateBucketAsync(NatsKVConfig ours, CancellationToken cancellationToken) =>
        await KeyValue.CreateOrUpdateStoreAsync(OperatorStreamSettings.Keep(ours, await ExistingStreamAsync("KV_" + ours.Bucket, cancellationToken)), cancellationToken);

    private async Task<StreamConfig?> ExistingStreamAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await JetStream.GetStreamAsync(name, cancellationToken: cancellationToken)).Info.Config;
        }
        catch (NatsJSApiException error) when (error.Error.Code == 404)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static InvalidOperationException NotReady() => new("The cluster topology is not created yet (ClusterConnection.EnsureTopologyAsync).");

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information,
        Message = "Cluster mode: node {NodeId} on NATS {NatsUrl}; streams and buckets ready; a dead node's cameras move within {FailoverSeconds} s")]
    private static partial void TopologyReady(ILogger logger, string natsUrl, string nodeId, double failoverSeconds);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "NATS at {NatsUrl} not reachable yet ({Reason}); retrying")]
    private static partial void NotReachable(ILogger logger, string natsUrl, string reason);
}
