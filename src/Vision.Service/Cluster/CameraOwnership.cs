using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Cluster;

/// <summary>
/// Camera leases in the <see cref="ClusterNames.OwnersBucket"/> bucket. Every heartbeat this node renews its
/// membership and each lease it holds (an update that names the revision it last wrote, so a lease taken over by
/// another node is noticed and let go), computes the even assignment of cameras over the live nodes, hands over the
/// cameras assigned elsewhere (drained first, then the lease deleted) and takes the free cameras assigned to it
/// (a create that fails if any node holds the key). A dead node's leases and membership expire after the lease TTL,
/// so its cameras run elsewhere within <see cref="ClusterOptions.FailoverBound"/>. A lease deleted (a camera handed over,
/// or its node leaving) wakes every node at once through a watch on the bucket, so its new owner takes it without waiting
/// for its next heartbeat.
/// After NATS was away (restarted, or unreachable from this node) every entry aged by the outage and some may have
/// expired though their nodes live; for one lease TTL after it is back this node only renews (or creates again) its own
/// leases and membership, and moves no camera, so live nodes keep their cameras instead of losing them to a restart.
/// A heartbeat has a lease TTL to finish its NATS calls; and a camera whose lease went unconfirmed for longer than
/// <see cref="FenceAfter"/> while this node's connection to NATS was open stops here whatever the heartbeat is doing (its
/// lease may be another node's by then), so a node cut off from NATS without noticing runs a camera beside its new owner
/// for a heartbeat or two at most, not until the network heals.
/// </summary>
public sealed partial class CameraOwnership(
    ClusterConnection cluster, IOptions<ClusterOptions> options, CameraRegistry registry, Func<CameraDefinition, ulong, OwnedCamera> ownedCamera,
    TimeProvider time, ILogger<CameraOwnership> logger) : BackgroundService
{
    private readonly Dictionary<string, OwnedCamera> _owned = new(StringComparer.Ordinal);
    private readonly string _node = options.Value.NodeId;
    private readonly string _startedAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan LeavePoll = TimeSpan.FromMilliseconds(50);
    private readonly Channel<bool> _handedOver = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _natsWasAway;
    private int _leaving;
    private DateTimeOffset _settledAt;
    // TimeProvider timestamps: the last (re)connection to NATS, and the end of the last heartbeat that succeeded.
    private long _reachableSince;
    private long _lastHeartbeatAt;
    // 1 from the (re)connection's event until the next disconnection's: the connection state turns Open before the event
    // comes, and a fence reading the old _reachableSince then would stop every camera after a long outage.
    private int _connected;

    /// <summary>How long a lease may go unconfirmed, while the connection to NATS is open, before its camera stops here:
    /// another node may take it one lease TTL after its last renewal, and notices at its next heartbeat.</summary>
    public TimeSpan FenceAfter => options.Value.LeaseTtl + options.Value.HeartbeatInterval;

    /// <summary>How long ago the last heartbeat succeeded (null before the first), for health.</summary>
    public TimeSpan? SinceLastHeartbeat => Volatile.Read(ref _lastHeartbeatAt) is var at and > 0 ? time.GetElapsedTime(at) : null;

    /// <summary>Each camera this node holds (it runs them, or is stopping or handing them over) and how long ago NATS last
    /// confirmed its lease, for health.</summary>
    public IReadOnlyDictionary<string, TimeSpan> LeaseAges => Snapshot().ToDictionary(camera => camera.CameraId, camera => time.GetElapsedTime(camera.LeaseConfirmedAt), StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Volatile.Write(ref _reachableSince, time.GetTimestamp());
        cluster.Connection.ConnectionDisconnected += OnDisconnectedAsync;
        cluster.Connection.ConnectionOpened += OnOpenedAsync;
        // Connected before this service started (the topology was made then): that connection's event has come and gone.
        Volatile.Write(ref _connected, cluster.Connection.ConnectionState == NatsConnectionState.Open ? 1 : 0);
        var watching = WatchHandOversAsync(stoppingToken);
        var fencing = FenceAsync(stoppingToken);
        try
        {
            using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
            long? previous = null;
            Task<bool>? tick = null;
            Task<bool>? handOver = null;
            while (true)
            {
                if (previous is { } last && time.GetElapsedTime(last) is var gap && gap > options.Value.LeaseTtl / 2)
                {
                    // A pause as long again and this node's leases expire while it lives: its cameras move and tracks restart.
                    HeartbeatLate(logger, gap.TotalSeconds, options.Value.LeaseTtl.TotalSeconds);
                }

                previous = time.GetTimestamp();
                using var deadline = new CancellationTokenSource(options.Value.LeaseTtl, time);
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
                try
                {
                    await HeartbeatAsync(heartbeat.Token);
                    Volatile.Write(ref _lastHeartbeatAt, time.GetTimestamp());
                }
                catch (Exception error) when (error is NatsException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    // NATS is away: leases still run until their TTL; renewal resumes when it is back.
                    Volatile.Write(ref _natsWasAway, 1);
                    HeartbeatFailed(logger, error.Message);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    // A NATS call that never answers must not hold the heartbeat: the next one starts over, and the fence
                    // stops the cameras whose leases go unconfirmed meanwhile.
                    Volatile.Write(ref _natsWasAway, 1);
                    HeartbeatTimedOut(logger, options.Value.LeaseTtl.TotalSeconds);
                }

                // The next heartbeat is due, or a camera was just handed over (its lease deleted): take it now, not a heartbeat later.
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                handOver ??= _handedOver.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, handOver) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    tick = null;
                }
                else
                {
                    await handOver;
                    _handedOver.Reader.TryRead(out _);
                    handOver = null;
                }
            }
        }
        finally
        {
            cluster.Connection.ConnectionDisconnected -= OnDisconnectedAsync;
            cluster.Connection.ConnectionOpened -= OnOpenedAsync;
            await watching;
            await fencing;
        }
    }

    /// <summary>
    /// Stops every camera whose lease NATS has not confirmed for <see cref="FenceAfter"/> while the connection was open
    /// (the heartbeat stuck, or its requests unanswered, as when the network drops packets without closing anything):
    /// another node may hold the lease by now. Runs apart from the heartbeat, so a heartbeat that never returns cannot
    /// keep a camera running. While the connection is down the cameras are kept: NATS restarting is far likelier than a
    /// partition that lets the other nodes reach it, and nobody can take a lease while NATS is down (in such a partition a
    /// stream-fed camera gets no frames, but a camera with a source of its own runs on until the connection is back); once
    /// the connection is open again the clock starts over (the heartbeat renews the leases, or learns they were taken).
    /// </summary>
    private async Task FenceAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        var stopping = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                stopping.RemoveAll(task => task.IsCompleted);
                if (Volatile.Read(ref _connected) == 0 || cluster.Connection.ConnectionState != NatsConnectionState.Open)
                {
                    continue;
                }

                var reachableSince = Volatile.Read(ref _reachableSince);
                foreach (var camera in Snapshot())
                {
                    var unconfirmed = time.GetElapsedTime(Math.Max(camera.LeaseConfirmedAt, reachableSince));
                    if (unconfirmed > FenceAfter && Forget(camera))
                    {
                        LeaseUnconfirmed(logger, camera.CameraId, unconfirmed.TotalSeconds);
                        stopping.Add(StopCameraAsync(camera));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(stopping);
    }

    /// <summary>Stops a camera this node let go of (already forgotten) and frees it.</summary>
    private static async Task StopCameraAsync(OwnedCamera camera)
    {
        await camera.AbortAsync();
        camera.Dispose();
    }

    /// <summary>Wakes the heartbeat whenever a lease is deleted (a node handed a camera over); expiries are found by the heartbeat.</summary>
    private async Task WatchHandOversAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in cluster.Owners.WatchAsync<string>(opts: new NatsKVWatchOpts { UpdatesOnly = true }, cancellationToken: stoppingToken))
                {
                    if (entry.Operation != NatsKVOperation.Put)
                    {
                        _handedOver.Writer.TryWrite(true);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NatsException or TimeoutException)
            {
                // NATS is away: the heartbeat still finds free cameras; the watch starts again.
                await Task.Delay(options.Value.HeartbeatInterval, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        Volatile.Write(ref _connected, 0);
        Volatile.Write(ref _natsWasAway, 1);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        Volatile.Write(ref _reachableSince, time.GetTimestamp());
        Volatile.Write(ref _connected, 1);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Leaving (SIGTERM, systemctl stop): the node's membership goes first, so every other node counts it out at once;
    /// every camera starts draining, and the heartbeat, still running, keeps the leases of the draining cameras renewed
    /// and deletes each lease the moment its camera's drain is over, so the others take it at once instead of after its
    /// lease expired. Whatever is still held when the host's patience ends is left to expire.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var owned = Snapshot();
        Leaving(logger, owned.Count);
        Volatile.Write(ref _leaving, 1);
        await TryAsync(() => cluster.Nodes.DeleteAsync(_node, cancellationToken: cancellationToken));
        foreach (var camera in owned)
        {
            _ = camera.ReleaseAsync().ContinueWith(_ => _handedOver.Writer.TryWrite(true), TaskScheduler.Default);
        }

        try
        {
            while (Snapshot().Count > 0 && ExecuteTask is { IsCompleted: false })
            {
                await Task.Delay(LeavePoll, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The host stops waiting: the leases left expire after their TTL.
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _leaving) == 1)
        {
            // Leaving: keep the draining cameras' leases, delete each once drained, take nothing (and stay out of the
            // live set, should a heartbeat that began before the leave have written the membership again).
            await cluster.Nodes.DeleteAsync(_node, cancellationToken: cancellationToken);
            await RenewAsync(cancellationToken);
            await HandOverAsync(Snapshot().ToDictionary(camera => camera.CameraId, _ => "the other nodes", StringComparer.Ordinal), cancellationToken);
            return;
        }

        await cluster.Nodes.PutAsync(_node, _startedAt, cancellationToken: cancellationToken);
        if (Interlocked.Exchange(ref _natsWasAway, 0) == 1)
        {
            _settledAt = time.GetUtcNow() + options.Value.LeaseTtl;
            HoldingAfterOutage(logger, options.Value.LeaseTtl.TotalSeconds);
        }

        if (time.GetUtcNow() < _settledAt)
        {
            // Every live node renews within a lease TTL of NATS coming back; until then the live set and leases are not to be trusted.
            await RenewAsync(cancellationToken);
            return;
        }

        // Leases first: whatever fails later in this heartbeat, the cameras held stay held, and one lost is stopped.
        await RenewAsync(cancellationToken);
        var live = new HashSet<string>(StringComparer.Ordinal) { _node };
        await foreach (var node in cluster.Nodes.GetKeysAsync(cancellationToken: cancellationToken))
        {
            live.Add(node);
        }

        var cameras = registry.All.Where(camera => camera.Enabled).ToDictionary(camera => camera.Id, StringComparer.Ordinal);
        var assignment = CameraAssignment.Assign(cameras.Keys, live);
        await HandOverAsync(assignment, cancellationToken);
        foreach (var (cameraId, node) in assignment)
        {
            if (node == _node && !IsOwned(cameraId))
            {
                await TryTakeAsync(cameras[cameraId], cancellationToken);
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var camera in Snapshot())
        {
            if (!IsHeld(camera))
            {
                // The fence let it go since the snapshot: renewing it would hold a lease for a camera nobody runs.
                continue;
            }

            try
            {
                camera.LeaseConfirmed(await cluster.Owners.UpdateAsync(camera.CameraId, _node, camera.LeaseRevision, cancellationToken: cancellationToken));
            }
            catch (NatsKVException error)
            {
                // An earlier renewal landed but its answer was lost (a timeout): the lease is this node's at a newer revision.
                if (await OwnLease.TryRenewAsync(cluster.Owners, camera.CameraId, _node, cancellationToken) is { } own)
                {
                    camera.LeaseConfirmed(own);
                    continue;
                }

                // Expired while NATS was away or this node was late (nobody took it meanwhile): take it again and keep running, tracks and all.
                if (await TryRecreateAsync(camera.CameraId, cancellationToken) is { } revision)
                {
                    camera.LeaseConfirmed(revision);
                    LeaseRenewedAfterExpiry(logger, camera.CameraId);
                    continue;
                }

                // Taken by another node: this node no longer owns it.
                if (Forget(camera))
                {
                    LeaseLost(logger, camera.CameraId, error.Message);
                    await StopCameraAsync(camera);
                }
            }
        }
    }

    private async Task HandOverAsync(IReadOnlyDictionary<string, string> assignment, CancellationToken cancellationToken)
    {
        foreach (var camera in Snapshot())
        {
            var assignedTo = assignment.GetValueOrDefault(camera.CameraId, "nobody");
            if (camera.Released is { IsCompleted: true })
            {
                await cluster.Owners.DeleteAsync(camera.CameraId, new NatsKVDeleteOpts { Revision = camera.LeaseRevision }, cancellationToken);
                if (Forget(camera))
                {
                    HandedOver(logger, camera.CameraId, assignedTo);
                    camera.Dispose();
                }
            }
            else if (camera.Released is null && assignedTo != _node)
            {
                HandingOver(logger, camera.CameraId, assignedTo);
                _ = camera.ReleaseAsync();
            }
        }
    }

    private async Task TryTakeAsync(CameraDefinition definition, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _leaving) == 1)
        {
            // A heartbeat that began before the leave still holds this node in its assignment: it must not take back
            // the camera its own leave just handed over (a camera taken in the window after this check is a straggler
            // the leaving heartbeat hands over).
            return;
        }

        ulong revision;
        try
        {
            revision = await cluster.Owners.CreateAsync(definition.Id, _node, cancellationToken: cancellationToken);
        }
        catch (NatsKVCreateException)
        {
            return; // Still held: its owner is handing it over, or died and its lease has not expired yet.
        }

        var camera = ownedCamera(definition, revision);
        lock (_owned)
        {
            _owned[definition.Id] = camera;
        }

        Took(logger, definition.Id, revision);
        camera.Start();
    }

    private async Task<ulong?> TryRecreateAsync(string cameraId, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.Owners.CreateAsync(cameraId, _node, cancellationToken: cancellationToken);
        }
        catch (NatsKVCreateException)
        {
            return null;
        }
    }

    private bool IsHeld(OwnedCamera camera)
    {
        lock (_owned)
        {
            return _owned.TryGetValue(camera.CameraId, out var held) && ReferenceEquals(held, camera);
        }
    }

    /// <summary>Drops this instance from the cameras held (false when the fence, a lost lease or a hand-over already did).</summary>
    private bool Forget(OwnedCamera camera)
    {
        lock (_owned)
        {
            return IsHeld(camera) && _owned.Remove(camera.CameraId);
        }
    }

    private bool IsOwned(string cameraId)
    {
        lock (_owned)
        {
            return _owned.ContainsKey(cameraId);
        }
    }

    /// <summary>The pipelines of the cameras this node holds (built ones; a takeover still building has none yet).</summary>
    public IReadOnlyCollection<CameraPipeline> RunningPipelines => [.. Snapshot().Select(camera => camera.Pipeline).OfType<CameraPipeline>()];

    private List<OwnedCamera> Snapshot()
    {
        lock (_owned)
        {
            return [.. _owned.Values];
        }
    }

    private static async Task TryAsync(Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (Exception error) when (error is NatsException or TimeoutException or OperationCanceledException)
        {
            // Leaving anyway: the entry expires after the TTL.
        }
    }

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Took camera {CameraId} (lease revision {Revision})")]
    private static partial void Took(ILogger logger, string cameraId, ulong revision);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information, Message = "Handing camera {CameraId} over to {Node}: draining")]
    private static partial void HandingOver(ILogger logger, string cameraId, string node);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Information, Message = "Camera {CameraId} handed over to {Node}")]
    private static partial void HandedOver(ILogger logger, string cameraId, string node);

    [LoggerMessage(EventId = 7033, Level = LogLevel.Warning, Message = "Lost the lease of camera {CameraId} ({Reason}); stopped it here")]
    private static partial void LeaseLost(ILogger logger, string cameraId, string reason);

    [LoggerMessage(EventId = 7035, Level = LogLevel.Warning, Message = "The lease of camera {CameraId} had expired (NATS away, or this node late); nobody took it, so this node holds it again")]
    private static partial void LeaseRenewedAfterExpiry(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 7036, Level = LogLevel.Warning,
        Message = "NATS is reachable again; for {Seconds} s this node keeps its cameras and takes none, while every live node renews its leases")]
    private static partial void HoldingAfterOutage(ILogger logger, double seconds);

    [LoggerMessage(EventId = 7037, Level = LogLevel.Warning,
        Message = "{Seconds:F1} s between two cluster heartbeats, against leases of {LeaseTtlSeconds} s: this node is overloaded or NATS is slow to answer")]
    private static partial void HeartbeatLate(ILogger logger, double seconds, double leaseTtlSeconds);

    [LoggerMessage(EventId = 7038, Level = LogLevel.Information, Message = "Leaving the cluster: handing {Count} cameras over to the other nodes")]
    private static partial void Leaving(ILogger logger, int count);

    [LoggerMessage(EventId = 7039, Level = LogLevel.Warning,
        Message = "A cluster heartbeat did not finish within the lease TTL ({Seconds} s): its NATS calls were cancelled; the next one starts over")]
    private static partial void HeartbeatTimedOut(ILogger logger, double seconds);

    [LoggerMessage(EventId = 7042, Level = LogLevel.Warning,
        Message = "The lease of camera {CameraId} went unconfirmed for {Seconds:F1} s while the connection to NATS was open: another node may hold it; stopped it here")]
    private static partial void LeaseUnconfirmed(ILogger logger, string cameraId, double seconds);

    [LoggerMessage(EventId = 7034, Level = LogLevel.Warning, Message = "Cluster heartbeat failed ({Reason}); retrying")]
    private static partial void HeartbeatFailed(ILogger logger, string reason);
}
