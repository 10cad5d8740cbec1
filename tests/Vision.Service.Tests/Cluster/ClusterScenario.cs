using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;
using Vision.Contracts.V1;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Service.Cluster;
using Vision.Service.Security;
using Vision.Service.Tests.EndToEnd;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// Three Vision node processes on one nats-server -js and one PostgreSQL (both from Debian packages, started here),
/// six gateway cameras streaming the rendered junction clip (two real violations a pass) at 5 frames a second, alert
/// subscribers and a flaky Open311 backend. Mid-way NATS is killed and started again; then a node is killed (SIGKILL)
/// once its cameras raised violations, its cameras move to the others, it is started again and takes cameras back. The
/// run ends when every frame is processed and every violation recorded and delivered; the facts of
/// <see cref="ClusterFailoverTests"/> read what it saw.
/// </summary>
public sealed class ClusterScenario : IAsyncLifetime
{
    public const int NodeCount = 3;
    public const int CameraCount = 6;
    public const int Passes = 2;
    public const int FramesPerCamera = Passes * StreetClip.FrameCount;
    public const int VictimIndex = 2;
    /// <summary>The node stopped with SIGTERM once the killed node is back (never the first: the alert subscriber is on it).</summary>
    public const int LeaverIndex = 1;
    /// <summary>The camera whose gateway publishes to NATS directly instead of streaming to a node.</summary>
    public const int DirectGatewayIndex = CameraCount - 1;
    // The defaults: the nodes share two saturated cores with the test in CI, and a shorter lease expires under a node that lives.
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(200);
    // Each poll of the leases reads the whole bucket: often enough, without loading NATS on a busy machine.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private const int HoldUntilKilledAt = StreetClip.FrameCount + 50;
    private const int HoldUntilLeftAt = StreetClip.FrameCount + 80;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ServiceProcess?[] _nodes = new ServiceProcess?[NodeCount];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _consumerCreated = new(StringComparer.Ordinal);
    private NatsServerProcess? _nats;
    private TemporaryPostgresCluster? _postgres;
    private TestTokenIssuer? _issuer;
    private string _connectionString = "";
    private string _token = "";
    private bool _backendStopped;
    private IReadOnlyList<IClusterGateway> _gateways = [];

    public static TimeSpan FailoverBound => LeaseTtl + (2 * Heartbeat);

    public static IReadOnlyList<string> CameraIds { get; } = [.. Enumerable.Range(1, CameraCount).Select(i => $"hue-cluster-{i}")];

    public static string NodeId(int index) => $"node-{index + 1}";

    public FlakyOpen311Backend Backend { get; private set; } = null!;

    /// <summary>The cameras the killed node owned when it was killed.</summary>
    public IReadOnlyList<string> VictimCameras { get; private set; } = [];

    /// <summary>Per camera of the killed node: from the kill until another node held its lease.</summary>
    public Dictionary<string, TimeSpan> LeaseMovedAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Per camera of the killed node: from the kill until its new owner acknowledged a processed frame.</summary>
    public Dictionary<string, TimeSpan> ProcessingResumedAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Per camera of the killed node: the first frame its new owner took (every earlier frame the killed node had taken).</summary>
    public Dictionary<string, long> NewOwnerStartedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>Per camera: the camera sequences at which a new owner started (fresh tracks), for every change of owner.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<long>> ResumedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>Owners once the killed node was back and the cameras re-balanced.</summary>
    public Dictionary<string, string> OwnersAfterRestart { get; private set; } = [];

    public TimeSpan TakenBackAfter { get; private set; }

    /// <summary>The cameras the node stopped with SIGTERM owned when it was stopped.</summary>
    public IReadOnlyList<string> LeaverCameras { get; private set; } = [];

    /// <summary>Per camera of the leaving node: from SIGTERM until another node held its lease, and until it processed a frame.</summary>
    public Dictionary<string, TimeSpan> LeaveLeaseMovedAfter { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TimeSpan> LeaveProcessingResumedAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Per camera of the leaving node: what happened to its lease after SIGTERM, in order (operation and owner).</summary>
    public Dictionary<string, List<(NatsKVOperation Operation, string? Owner)>> LeaseChangesAfterLeave { get; } = new(StringComparer.Ordinal);

    public int LeaverExitCode { get; private set; } = -1;

    public TimeSpan LeaverExitedAfter { get; private set; }

    /// <summary>Owners once the node that left is gone and the cameras re-balanced over the other two.</summary>
    public Dictionary<string, string> OwnersAfterLeave { get; private set; } = [];

    /// <summary>Then, per live node: the cameras whose leases it holds (from NATS) and the cameras it runs (its /healthz).</summary>
    public string LeasesHeldAfterLeave { get; private set; } = "";

    public string CamerasRunAfterLeave { get; private set; } = "";

    public bool NatsRestartedWhileStreaming { get; private set; }

    /// <summary>Per camera: the newest frame the gateway had acknowledged when NATS was killed.</summary>
    public Dictionary<string, long> AcknowledgedBeforeNatsRestart { get; } = new(StringComparer.Ordinal);

    /// <summary>Owners just before NATS was killed, and once a node was about to be killed (after the restart).</summary>
    public Dictionary<string, string> OwnersBeforeNatsRestart { get; private set; } = [];

    public Dictionary<string, string> OwnersAfterNatsRestart { get; private set; } = [];

    public int GatewayReconnections { get; private set; }

    public IReadOnlyList<Violation> Violations { get; private set; } = [];

    /// <summary>What the alert subscriber on the first node (never killed) received, in order.</summary>
    public List<Alert> Alerts { get; } = [];

    public IReadOnlyList<AlertEventMessage.Body> Events { get; private set; } = [];

    /// <summary>Per camera: the Vision-Sequence of every frame on the frame stream, in stream order.</summary>
    public Dictionary<string, List<long>> StreamSequences { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EvidencePackage> EvidenceOf { get; } = new(StringComparer.Ordinal);

    public int JournalLeft { get; private set; }

    /// <summary>CPU seconds the nodes spent after start-up (frames, evidence, delivery, cluster), for the capacity note.</summary>
    public double ProcessingCpuSeconds { get; private set; }

    public string Summary { get; private set; } = "";

    // The last lease owners the run read, for a failure's message (a wait for balance that runs out says who held what).
    private string _lastOwners = "";

    public async Task InitializeAsync()
    {
        try
        {
            await RunAsync();
        }
        catch (Exception error)
        {
            // xunit does not dispose a fixture whose start failed: stop the processes here, and say what they said.
            var said = _lastOwners + await CamerasRunByNodeAsync(CancellationToken.None) + GatewayStates + NodeOutput;
            await DisposeAsync();
            throw new InvalidOperationException($"The cluster run failed: {error.Message}\n{Summary}\n{said}", error);
        }
    }

    private async Task RunAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(9));
        var ct = cancel.Token;
        var clock = Stopwatch.StartNew();
        await RenderedJunctionService.WriteScenesAsync(_folder);
        // One signing key for every node, as an operator provisions it.
        EvidenceSigningKey.LoadOrCreate(Path.Combine(_folder, "keys", "evidence-signing.pem"));
        _nats = await NatsServerProcess.StartAsync(ct);
        _postgres = await TemporaryPostgresCluster.StartAsync(durable: false, ct);
        _connectionString = await _postgres.CreateDatabaseAsync("vision_cluster", ct);
        Backend = await FlakyOpen311Backend.StartAsync(seed: 19, lateAnswer: TimeSpan.FromMilliseconds(700));
        _issuer = await TestTokenIssuer.StartAsync();
        _token = _issuer.IssueWithClaims(new Dictionary<string, object>
        {
            ["sub"] = "csgt-hue-019", ["preferred_username"] = "csgt-hue-019",
            ["roles"] = new[] { VisionRoles.Officer, VisionRoles.CameraGateway }, ["cameras"] = CameraIds.ToArray(),
        });

        await Task.WhenAll(Enumerable.Range(0, NodeCount).Select(async index => _nodes[index] = await StartNodeAsync(index, ct)));
        var started = clock.Elapsed;
        Note(clock, "nodes serving");
        var startupCpu = _nodes.Sum(node => node!.ProcessorTime.TotalSeconds);
        await using var client = new NatsConnection(new NatsOpts { Url = _nats.Url, MaxReconnectRetry = -1, ReconnectWaitMin = TimeSpan.FromMilliseconds(50) });
        var js = client.CreateJetStreamContext();
        var owners = await client.CreateKeyValueStoreContext().GetStoreAsync(ClusterNames.OwnersBucket, ct);
        await Polling.UntilAsync(async () => Balanced(await OwnersAsync(owners, ct), NodeCount), ct, PollInterval);

        using var scenario = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = WatchConsumersAsync(js, scenario.Token);
        var alerts = CollectAlertsAsync(_nodes[0]!, scenario.Token);
        var frames = StreetClip.Render();
        // The gateways stop before the second pass's red light until the node is killed: its cameras have frames left for their new owners.
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The gateways hold again before the second pass's last frames until a node is stopped, so its cameras have frames left too.
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? HoldBefore(long sequence) => sequence == HoldUntilKilledAt ? killed.Task : sequence == HoldUntilLeftAt ? left.Task : null;
        var gateways = CameraIds.Select((camera, index) => index == DirectGatewayIndex
            ? (IClusterGateway)new NatsGateway(_nats.Url, camera, frames, FramesPerCamera, FrameInterval, HoldBefore)
            : new ResumingGateway(camera, frames, FramesPerCamera, FrameInterval, node => _nodes[node], index % NodeCount, HoldBefore)).ToList();
        _gateways = gateways;
        var streaming = gateways.Select(gateway => gateway.RunAsync(ct)).ToList();

        // NATS dies and comes back while the gateways stream and the nodes process.
        await Polling.UntilAsync(() => ViolationAlerts().Count >= 1 || streaming.All(s => s.IsCompleted), ct, PollInterval);
        NatsRestartedWhileStreaming = !streaming.All(s => s.IsCompleted);
        foreach (var gateway in gateways)
        {
            AcknowledgedBeforeNatsRestart[gateway.CameraId] = gateway.Acknowledged;
        }

        OwnersBeforeNatsRestart = await OwnersAsync(owners, ct);
        await _nats.KillAsync();
        var natsDown = clock.Elapsed;
        await _nats.RestartAsync(ct);
        var natsBack = clock.Elapsed;
        Note(clock, "NATS restarted");

        // A node dies once each of its cameras has a violation recorded; its cameras continue on the others.
        var ownersAtKill = await OwnersAsync(owners, ct);
        VictimCameras = [.. ownersAtKill.Where(o => o.Value == NodeId(VictimIndex)).Select(o => o.Key).Order(StringComparer.Ordinal)];
        await Polling.UntilAsync(() => VictimCameras.All(camera => ViolationAlerts().Any(a => a.CameraId == camera)), ct, PollInterval);
        ownersAtKill = await OwnersAsync(owners, ct);
        OwnersAfterNatsRestart = ownersAtKill;
        VictimCameras = [.. ownersAtKill.Where(o => o.Value == NodeId(VictimIndex)).Select(o => o.Key).Order(StringComparer.Ordinal)];
        Summary += "consumers at the kill:\n" + await ConsumersAsync(js);
        var killedUtc = DateTimeOffset.UtcNow;
        var victimCpu = _nodes[VictimIndex]!.ProcessorTime.TotalSeconds;
        Assert.Equal(137, await _nodes[VictimIndex]!.KillAsync());
        var killedAt = clock.Elapsed;
        killed.SetResult();
        Note(clock, $"{NodeId(VictimIndex)} killed");
        var stillStreaming = streaming.Count(s => !s.IsCompleted);
        await Task.WhenAll(VictimCameras.Select(async camera =>
        {
            await Polling.UntilAsync(async () => (await OwnersAsync(owners, ct)).GetValueOrDefault(camera) is { } owner && owner != NodeId(VictimIndex), ct, PollInterval);
            lock (LeaseMovedAfter)
            {
                LeaseMovedAfter[camera] = clock.Elapsed - killedAt;
            }

            ulong resumedAt = 0;
            await Polling.UntilAsync(async () => (resumedAt = await ResumedByNewOwnerAsync(js, camera, killedUtc, ct)) > 0, ct, PollInterval);
            var firstFrame = await CameraSequenceAtAsync(js, camera, resumedAt, ct);
            lock (ProcessingResumedAfter)
            {
                ProcessingResumedAfter[camera] = clock.Elapsed - killedAt;
                NewOwnerStartedAt[camera] = firstFrame;
            }
        }));

        // The node comes back and takes its share of the cameras again.
        var victim = _nodes[VictimIndex]!;
        Summary += $"killed node's last words:\n{victim.OutputTail}\n";
        await victim.DisposeAsync();
        _nodes[VictimIndex] = await StartNodeAsync(VictimIndex, ct);
        var restartedAt = clock.Elapsed;
        Note(clock, $"{NodeId(VictimIndex)} serving again");
        var restartCpu = _nodes[VictimIndex]!.ProcessorTime.TotalSeconds;
        await Polling.UntilAsync(async () => Balanced(await OwnersAsync(owners, ct), NodeCount), ct, PollInterval);
        TakenBackAfter = clock.Elapsed - restartedAt;
        OwnersAfterRestart = await OwnersAsync(owners, ct);

        // A node is stopped as an operator stops it (SIGTERM): it hands its cameras over instead of letting their leases expire.
        var leaver = _nodes[LeaverIndex]!;
        LeaverCameras = [.. OwnersAfterRestart.Where(o => o.Value == NodeId(LeaverIndex)).Select(o => o.Key).Order(StringComparer.Ordinal)];
        var leaseChanges = new ConcurrentQueue<(string Camera, NatsKVOperation Operation, string? Owner)>();
        using var watchingLeases = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var leaseWatch = WatchLeasesAsync(owners, leaseChanges, watchingLeases.Token);
        await Polling.UntilAsync(() => !leaseChanges.IsEmpty, ct, PollInterval); // The watch sees the renewals: it is live.
        leaseChanges.Clear();
        var leaverCpu = leaver.ProcessorTime.TotalSeconds;
        var leaveUtc = DateTimeOffset.UtcNow;
        leaver.Terminate();
        var leaveAt = clock.Elapsed;
        left.SetResult();
        Note(clock, $"{NodeId(LeaverIndex)} stopping (SIGTERM)");
        var leaverExit = leaver.WaitForExitAsync(ct);
        await Task.WhenAll(LeaverCameras.Select(async camera =>
        {
            await Polling.UntilAsync(async () => (await OwnersAsync(owners, ct)).GetValueOrDefault(camera) is { } owner && owner != NodeId(LeaverIndex), ct, PollInterval);
            lock (LeaveLeaseMovedAfter)
            {
                LeaveLeaseMovedAfter[camera] = clock.Elapsed - leaveAt;
            }

            await Polling.UntilAsync(async () => await ResumedByNewOwnerAsync(js, camera, leaveUtc, ct) > 0, ct, PollInterval);
            lock (LeaveProcessingResumedAfter)
            {
                LeaveProcessingResumedAfter[camera] = clock.Elapsed - leaveAt;
            }
        }));
        LeaverExitCode = await leaverExit;
        LeaverExitedAfter = clock.Elapsed - leaveAt;
        Note(clock, $"{NodeId(LeaverIndex)} exited with {LeaverExitCode}");
        await Polling.UntilAsync(async () => Balanced(await OwnersAsync(owners, ct), NodeCount - 1), ct, PollInterval);
        OwnersAfterLeave = await OwnersAsync(owners, ct);
        // Each node runs exactly the cameras whose leases it holds: one that kept running a camera after its lease went
        // (two nodes on one camera, each making the camera's consumer afresh under the other) would show here.
        using (var settling = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            settling.CancelAfter(2 * FailoverBound);
            try
            {
                await Polling.UntilAsync(async () =>
                {
                    LeasesHeldAfterLeave = ByNode(await OwnersAsync(owners, ct));
                    CamerasRunAfterLeave = await CamerasRunByNodeAsync(ct);
                    return LeasesHeldAfterLeave == CamerasRunAfterLeave;
                }, settling.Token, PollInterval);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Left for the fact to report.
            }
        }

        await watchingLeases.CancelAsync();
        await leaseWatch;
        foreach (var camera in LeaverCameras)
        {
            LeaseChangesAfterLeave[camera] = [.. leaseChanges.Where(change => change.Camera == camera).Select(change => (change.Operation, change.Owner))];
        }

        Summary += $"stopped node's last words:\n{leaver.OutputTail}\n";
        _nodes[LeaverIndex] = null;
        await leaver.DisposeAsync();

        await Task.WhenAll(streaming);
        var streamed = clock.Elapsed;
        GatewayReconnections = gateways.Sum(g => g.Reconnections);

        // Everything on the frame stream processed; every raised violation recorded, alerted, published and delivered.
        var review = new Contracts.V1.Review.ReviewClient(_nodes[0]!.Channel);
        Note(clock, $"gateways done ({GatewayReconnections} reconnections)");
        foreach (var stall in gateways.OfType<ResumingGateway>().SelectMany(g => g.Stalls.Select(stall => $"{g.CameraId}: {stall}")))
        {
            Summary += $"a node answered nothing: {stall}\n";
        }

        string? unprocessed = null;
        try
        {
            await Polling.UntilAsync(async () => (unprocessed = await UnprocessedAsync(js, ct)) is null, ct, PollInterval);
        }
        catch (OperationCanceledException)
        {
            Summary += $"not all frames processed: {unprocessed}\n" + await ConsumersAsync(js);
            throw;
        }

        var processed = clock.Elapsed;
        Note(clock, "all frames processed");
        await Polling.UntilAsync(async () =>
        {
            var violations = await ListAsync(review, ct);
            return JournalEntries() == 0
                   && ViolationAlerts().Select(a => a.ViolationId).Distinct().Count() >= violations.Count
                   && violations.All(v => v.Delivery.Status == DeliveryStatus.Sent)
                   && await EventCountAsync(js, ct) >= violations.Count;
        }, ct, PollInterval);

        Violations = await ListAsync(review, ct);
        foreach (var violation in Violations.Where(v => !string.IsNullOrEmpty(v.Evidence?.PackageId)))
        {
            EvidenceOf[violation.Id] = (await review.GetViolationAsync(new GetViolationRequest { Id = violation.Id }, cancellationToken: ct)).Evidence;
        }

        Events = await ReadEventsAsync(js, ct);
        foreach (var (camera, sequences) in await ReadFrameSequencesAsync(js, ct))
        {
            StreamSequences[camera] = sequences;
        }

        JournalLeft = JournalEntries();
        ProcessingCpuSeconds = _nodes.Sum(node => node?.ProcessorTime.TotalSeconds ?? 0) + victimCpu + leaverCpu - startupCpu - restartCpu;
        await scenario.CancelAsync();
        await Task.WhenAll(watching, alerts);
        // How each takeover spent its time, as the nodes logged it (event 7029).
        Summary += "takeovers:\n" + string.Join("\n", _nodes.OfType<ServiceProcess>().SelectMany(node => node.OutputTail.Split('\n'))
            .Where(line => line.Contains("processed its first frame", StringComparison.Ordinal))) + "\n";
        Summary += $"nodes serving after {started.TotalSeconds:F1} s; NATS killed at {natsDown.TotalSeconds:F1} s, back at {natsBack.TotalSeconds:F1} s; "
                   + $"{NodeId(VictimIndex)} killed at {killedAt.TotalSeconds:F1} s owning {string.Join(", ", VictimCameras)} ({stillStreaming} gateways still streaming); "
                   + $"leases moved after {string.Join(", ", LeaseMovedAfter.Select(p => $"{p.Key} {p.Value.TotalSeconds:F2} s"))}; "
                   + $"processing resumed after {string.Join(", ", ProcessingResumedAfter.Select(p => $"{p.Key} {p.Value.TotalSeconds:F2} s"))}; "
                   + $"restarted node serving at {restartedAt.TotalSeconds:F1} s, cameras balanced again {TakenBackAfter.TotalSeconds:F1} s later; "
                   + $"{NodeId(LeaverIndex)} stopped (SIGTERM) at {leaveAt.TotalSeconds:F1} s owning {string.Join(", ", LeaverCameras)}: leases moved after "
                   + $"{string.Join(", ", LeaveLeaseMovedAfter.Select(p => $"{p.Key} {p.Value.TotalSeconds:F2} s"))}, processing resumed after "
                   + $"{string.Join(", ", LeaveProcessingResumedAfter.Select(p => $"{p.Key} {p.Value.TotalSeconds:F2} s"))}, exited with {LeaverExitCode} after {LeaverExitedAfter.TotalSeconds:F1} s; "
                   + $"gateways done at {streamed.TotalSeconds:F1} s ({GatewayReconnections} reconnections), all frames processed at {processed.TotalSeconds:F1} s, "
                   + $"{Violations.Count} violations recorded and delivered at {clock.Elapsed.TotalSeconds:F1} s; "
                   + $"{ProcessingCpuSeconds:F0} CPU-s after start-up for {CameraCount * FramesPerCamera} frames ({1000 * ProcessingCpuSeconds / (CameraCount * FramesPerCamera):F0} CPU-ms a frame), start-up {startupCpu / NodeCount:F0} CPU-s a node; "
                   + $"resumed at {string.Join("; ", ResumedAt.Select(p => $"{p.Key}: {string.Join(",", p.Value.Order())}"))}";
    }

    public async Task DisposeAsync()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { } node)
            {
                _nodes[i] = null;
                await node.DisposeAsync();
            }
        }

        if (_nats is { } nats)
        {
            _nats = null;
            await nats.DisposeAsync();
        }

        if (_postgres is { } postgres)
        {
            _postgres = null;
            await postgres.DisposeAsync();
        }

        if (_issuer is { } issuer)
        {
            _issuer = null;
            await issuer.DisposeAsync();
        }

        if (Backend is { } backend && !_backendStopped)
        {
            _backendStopped = true;
            await backend.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }

    /// <summary>What each gateway was doing, and since when (for a failure's diagnosis).</summary>
    private string GatewayStates => string.Concat(_gateways.Select(g => $"gateway {g.CameraId}: acknowledged {g.Acknowledged}, {g.State}\n"));

    /// <summary>The last lines of every node still running (for a failure's diagnosis).</summary>
    public string NodeOutput => string.Join("\n", _nodes.Select((n, i) => $"--- {NodeId(i)}:\n{n?.OutputTail}"));

    public List<Alert> ViolationAlerts()
    {
        lock (Alerts)
        {
            return [.. Alerts.Where(a => a.Kind == AlertKind.Violation)];
        }
    }

    private void Note(Stopwatch clock, string step) => Summary += $"[{clock.Elapsed.TotalSeconds:F1} s, {DateTime.UtcNow:HH:mm:ss.fff} UTC] {step}\n";

    private static async Task<string> ConsumersAsync(INatsJSContext js)
    {
        var lines = new List<string>();
        foreach (var camera in CameraIds)
        {
            try
            {
                var info = (await FrameConsumerOfAsync(js, camera, CancellationToken.None)).Info;
                lines.Add($"{camera}: pending {info.NumPending}, ack pending {info.NumAckPending}, ack floor {info.AckFloor.StreamSeq}, "
                          + $"delivered {info.Delivered.StreamSeq}, start {info.Config.OptStartSeq}, created {info.Created:HH:mm:ss.fff}");
            }
            catch (NatsException error)
            {
                lines.Add($"{camera}: {error.Message}");
            }
        }

        return string.Join("\n", lines) + "\n";
    }

    private Task<ServiceProcess> StartNodeAsync(int index, CancellationToken cancellationToken) =>
        ServiceProcess.StartAsync(NodeArguments(index), StartTimeout, cancellationToken, _token);

    private string[] NodeArguments(int index)
    {
        var arguments = ClusterNodeArguments.For(_folder, _connectionString, _nats!.Url, NodeId(index), LeaseTtl, Heartbeat, _issuer!, CameraIds, "Ngã ba Đống Đa");
        arguments.AddRange(
        [
            "--Vision:Evidence:RedactClip", "false",
            "--Vision:Delivery:Target", "Open311",
            "--Vision:Delivery:Trigger", "OnDetection",
            "--Vision:Delivery:Open311BaseUrl", Backend.BaseUrl.ToString(),
            "--Vision:Delivery:PublicEvidenceBaseUrl", "https://evidence.hue.gov.vn/packages",
            "--Vision:Delivery:RequestTimeout", "00:00:00.400",
            "--Vision:Delivery:InitialBackoff", "00:00:00.050",
            "--Vision:Delivery:MaxBackoff", "00:00:00.400",
            "--Vision:Delivery:PollInterval", "00:00:00.100",
            "--Vision:Delivery:MaxAttempts", "60",
            "--Vision:Cluster:FramesPerCamera", "1000",
            // Every frame stays on the stream for the run's checks, however slowly a loaded machine runs it.
            "--Vision:Cluster:FrameMaxAge", "00:15:00",
        ]);
        return [.. arguments];
    }

    private static string ByNode(Dictionary<string, string> owners) => string.Concat(owners.GroupBy(owner => owner.Value).OrderBy(node => node.Key, StringComparer.Ordinal)
        .Select(node => $"{node.Key}: {string.Join(", ", node.Select(owner => owner.Key).Order(StringComparer.Ordinal))}\n"));

    /// <summary>The cameras each live node runs, as its /healthz says, in the form of <see cref="ByNode"/> (a camera two nodes run is named twice).</summary>
    private async Task<string> CamerasRunByNodeAsync(CancellationToken cancellationToken)
    {
        var running = new Dictionary<string, string>(StringComparer.Ordinal);
        var unanswered = "";
        for (var index = 0; index < NodeCount; index++)
        {
            if (_nodes[index] is not { HasExited: false } node)
            {
                continue;
            }

            try
            {
                foreach (var camera in await NodeHealth.CamerasRunAsync(node, CameraIds, cancellationToken))
                {
                    running[running.ContainsKey(camera) ? camera + " (again)" : camera] = NodeId(index);
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                unanswered += $"{NodeId(index)}: /healthz did not answer ({error.Message})\n";
            }
        }

        return ByNode(running) + unanswered;
    }

    private static bool Balanced(Dictionary<string, string> owners, int liveNodes) =>
        owners.Count == CameraCount && owners.Values.GroupBy(node => node).Count() == liveNodes
                                    && owners.Values.GroupBy(node => node).All(g => g.Count() == CameraCount / liveNodes);

    private async Task<Dictionary<string, string>> OwnersAsync(INatsKVStore owners, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var camera in CameraIds)
            {
                try
                {
                    var entry = await owners.GetEntryAsync<string>(camera, cancellationToken: cancellationToken);
                    result[camera] = entry.Value!;
                }
                catch (NatsKVException)
                {
                    // No owner right now.
                }
            }
        }
        catch (NatsException)
        {
            // NATS restarting: ask again.
        }

        _lastOwners = $"lease owners read at {DateTime.UtcNow:HH:mm:ss.fff} UTC: " +
            string.Join(", ", CameraIds.Select(camera => $"{camera} {result.GetValueOrDefault(camera, "none")}")) + "\n";
        return result;
    }

    /// <summary>Every change of a camera lease (renewals included) until cancelled.</summary>
    private static async Task WatchLeasesAsync(INatsKVStore owners, ConcurrentQueue<(string Camera, NatsKVOperation Operation, string? Owner)> changes,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var entry in owners.WatchAsync<string>(opts: new NatsKVWatchOpts { UpdatesOnly = true }, cancellationToken: cancellationToken))
            {
                changes.Enqueue((entry.Key, entry.Operation, entry.Value));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Records, for every camera, where each new owner's consumer started (the first frame it will see with fresh tracks).</summary>
    private async Task WatchConsumersAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var camera in CameraIds)
            {
                try
                {
                    var consumer = await FrameConsumerOfAsync(js, camera, cancellationToken);
                    if (_consumerCreated.TryGetValue(camera, out var known) && known == consumer.Info.Created)
                    {
                        continue;
                    }

                    _consumerCreated[camera] = consumer.Info.Created;
                    if (consumer.Info.Config.OptStartSeq > 0)
                    {
                        ResumedAt.GetOrAdd(camera, _ => []).Add(await CameraSequenceAtAsync(js, camera, consumer.Info.Config.OptStartSeq, cancellationToken));
                    }
                }
                catch (Exception error) when (error is NatsException or TimeoutException)
                {
                    // Not created yet, or NATS restarting.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            await Task.Delay(50, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The camera's first frame at or after this stream sequence (the stream interleaves every camera, and a camera fed
    /// straight to NATS runs ahead of the others); when it has none there yet, the frame after its newest one.
    /// </summary>
    private static async Task<long> CameraSequenceAtAsync(INatsJSContext js, string camera, ulong streamSequence, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(ClusterNames.FramesStream, cancellationToken: cancellationToken);
        var subject = ClusterNames.FrameSubject(camera);
        for (var sequence = streamSequence; sequence <= stream.Info.State.LastSeq; sequence++)
        {
            var message = await stream.GetDirectAsync<byte[]>(new StreamMsgGetRequest { Seq = sequence }, cancellationToken: cancellationToken);
            if (message.Headers is { } headers && headers.TryGetValue("Nats-Subject", out var of) && of.ToString() == subject)
            {
                return FrameMessage.SequenceOf(headers) ?? -1;
            }
        }

        var last = await stream.GetDirectAsync<byte[]>(new StreamMsgGetRequest { LastBySubj = subject }, cancellationToken: cancellationToken);
        return (FrameMessage.SequenceOf(last.Headers) ?? -2) + 1;
    }

    /// <summary>The camera's current frame consumer (its newest: a replaced owner's is deleted as the next resumes).</summary>
    private static async Task<INatsJSConsumer> FrameConsumerOfAsync(INatsJSContext js, string camera, CancellationToken cancellationToken) =>
        await FrameConsumers.OfCameraAsync(js, camera, cancellationToken) is [.., var newest]
            ? newest
            : throw new NatsException($"Camera {camera} has no frame consumer yet.");

    /// <summary>The stream sequence the new owner's consumer started at, once it acknowledged a processed frame; else 0.</summary>
    private static async Task<ulong> ResumedByNewOwnerAsync(INatsJSContext js, string camera, DateTimeOffset killedUtc, CancellationToken cancellationToken)
    {
        try
        {
            var consumer = await FrameConsumerOfAsync(js, camera, cancellationToken);
            return consumer.Info.Created > killedUtc && consumer.Info.AckFloor.StreamSeq >= consumer.Info.Config.OptStartSeq
                ? consumer.Info.Config.OptStartSeq
                : 0;
        }
        catch (NatsException)
        {
            return 0;
        }
    }

    /// <summary>Null once every frame of every camera is on the stream and processed; else what is still missing.</summary>
    private static async Task<string?> UnprocessedAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await js.GetStreamAsync(ClusterNames.FramesStream, cancellationToken: cancellationToken);
            foreach (var camera in CameraIds)
            {
                // Every frame of the camera delivered to its owner and acknowledged as processed, the gateway's last one included.
                var consumer = await FrameConsumerOfAsync(js, camera, cancellationToken);
                if (consumer.Info.NumPending > 0 || consumer.Info.NumAckPending > 0)
                {
                    return $"{camera}: {consumer.Info.NumPending} frames not delivered, {consumer.Info.NumAckPending} not acknowledged";
                }

                var last = await stream.GetDirectAsync<byte[]>(new StreamMsgGetRequest { LastBySubj = ClusterNames.FrameSubject(camera) }, cancellationToken: cancellationToken);
                if (FrameMessage.SequenceOf(last.Headers) is var lastSequence && lastSequence != FramesPerCamera - 1)
                {
                    return $"{camera}: last frame on the stream is {lastSequence}";
                }
            }

            return null;
        }
        catch (NatsException error)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }

    private static async Task<long> EventCountAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            return (long)(await js.GetStreamAsync(ClusterNames.EventsStream, cancellationToken: cancellationToken)).Info.State.Messages;
        }
        catch (NatsException)
        {
            return -1;
        }
    }

    private static async Task<IReadOnlyList<AlertEventMessage.Body>> ReadEventsAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        var count = await EventCountAsync(js, cancellationToken);
        var events = new List<AlertEventMessage.Body>();
        var consumer = await js.CreateOrderedConsumerAsync(ClusterNames.EventsStream, cancellationToken: cancellationToken);
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken))
        {
            events.Add(AlertEventMessage.Decode(message.Data));
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Per camera, the Vision-Sequence of every frame on the frame stream in stream order (one pass over the stream, split by subject).</summary>
    private static async Task<Dictionary<string, List<long>>> ReadFrameSequencesAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(ClusterNames.FramesStream, cancellationToken: cancellationToken);
        var lastStreamSequence = stream.Info.State.LastSeq;
        var sequences = CameraIds.ToDictionary(camera => ClusterNames.FrameSubject(camera), _ => new List<long>(), StringComparer.Ordinal);
        var consumer = await js.CreateOrderedConsumerAsync(ClusterNames.FramesStream, cancellationToken: cancellationToken);
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken))
        {
            sequences[message.Subject].Add(FrameMessage.SequenceOf(message.Headers) ?? -1);
            if (message.Metadata?.Sequence.Stream >= lastStreamSequence)
            {
                break;
            }
        }

        return CameraIds.ToDictionary(camera => camera, camera => sequences[ClusterNames.FrameSubject(camera)], StringComparer.Ordinal);
    }

    private int JournalEntries()
    {
        var pending = Path.Combine(_folder, "evidence", "pending");
        return Directory.Exists(pending) ? Directory.GetFiles(pending, "*.json").Length : 0;
    }

    private async Task CollectAlertsAsync(ServiceProcess node, CancellationToken cancellationToken)
    {
        using var call = new Alerts.AlertsClient(node.Channel).Subscribe(new SubscribeAlertsRequest { FromPosition = 0 }, cancellationToken: cancellationToken);
        try
        {
            await foreach (var alert in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                lock (Alerts)
                {
                    Alerts.Add(alert);
                }
            }
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<IReadOnlyList<Violation>> ListAsync(Contracts.V1.Review.ReviewClient review, CancellationToken cancellationToken)
    {
        var all = new List<Violation>();
        foreach (var camera in CameraIds)
        {
            all.AddRange((await review.ListViolationsAsync(new ListViolationsRequest { CameraId = camera, PageSize = 500 }, cancellationToken: cancellationToken)).Violations);
        }

        return all;
    }
}
