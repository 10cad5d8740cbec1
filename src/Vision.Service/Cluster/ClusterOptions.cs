using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Cluster;

/// <summary>
/// Cluster mode (configuration section <c>Vision:Cluster</c>; absent: one process on its own, no NATS). Several nodes
/// share the cameras through NATS JetStream (frames, camera leases, events) and one PostgreSQL store.
/// </summary>
public sealed class ClusterOptions : IValidatableObject
{
    public const string Section = "Vision:Cluster";

    /// <summary>The NATS server (or servers, comma separated) with JetStream enabled, e.g. <c>nats://nats:4222</c>.</summary>
    [Required(ErrorMessage = "Vision:Cluster:NatsUrl is required in cluster mode (e.g. nats://127.0.0.1:4222).")]
    public string NatsUrl { get; set; } = string.Empty;

    /// <summary>This node's name, unique in the cluster: it owns camera leases under it.</summary>
    [Required(ErrorMessage = "Vision:Cluster:NodeId is required in cluster mode (unique per node, e.g. vision-1).")]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Vision:Cluster:NodeId is 1-64 letters, digits, '_' or '-'.")]
    public string NodeId { get; set; } = string.Empty;

    /// <summary>
    /// How long a camera lease (and a node's membership) lives without a heartbeat. A dead node's cameras move to the
    /// others within <c>LeaseTtl + 2 × HeartbeatInterval</c> (8 s by default).
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a node renews its leases and membership and re-balances the cameras.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Frames kept per camera in the frame stream; beyond this the oldest is discarded (the shared ingest queue).</summary>
    [Range(1, 100_000)]
    public int FramesPerCamera { get; set; } = 300;

    /// <summary>How long an unprocessed frame stays in the frame stream at most.</summary>
    public TimeSpan FrameMaxAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Frames handed to the owning node's pipeline before the earliest of them is acknowledged.</summary>
    [Range(1, 1000)]
    public int MaxFramesInFlight { get; set; } = 32;

    /// <summary>
    /// The most bytes of frames the owning node asks NATS for at once per camera (at least twice the camera's
    /// MaxFrameBytes). Each camera reads on a connection of its own, so this must stay under nats-server's per-connection
    /// <c>max_pending</c> (64 MiB by default), past which the server cuts the connection off.
    /// </summary>
    [Range(1024 * 1024, 1024 * 1024 * 1024)]
    public int FrameBytesPerPull { get; set; } = 16 * 1024 * 1024;

    /// <summary>What one pull of a camera's frames asks for: <see cref="FrameBytesPerPull"/>, raised to twice the camera's
    /// largest frame (half a pull is asked for again once half arrived, and must hold a whole frame).</summary>
    public int PullBytesFor(int maxFrameBytes) => (int)Math.Min(int.MaxValue, Math.Max(FrameBytesPerPull, 2L * maxFrameBytes));

    /// <summary>How long violation and watchlist events stay in the event stream for other systems of the city.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Replicas of the frame and event streams and the lease buckets (3 with three NATS servers: one can be lost). A node
    /// never lowers what a stream runs with: an operator's <c>nats stream edit --replicas</c> stays.
    /// </summary>
    [Range(1, 5)]
    public int Replicas { get; set; } = 1;

    /// <summary>How long start-up waits for the NATS server before it gives up with an error.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the configuration turns cluster mode on (a <c>Vision:Cluster</c> section is present).</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetSection(Section).Exists();

    /// <summary>The bound within which a camera of a dead node runs on another one.</summary>
    public TimeSpan FailoverBound => LeaseTtl + (2 * HeartbeatInterval);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatInterval <= TimeSpan.Zero || LeaseTtl < 3 * HeartbeatInterval)
        {
            yield return new ValidationResult(
                "Vision:Cluster:LeaseTtl must be at least three Vision:Cluster:HeartbeatInterval (a lease survives two missed heartbeats).",
                [nameof(LeaseTtl), nameof(HeartbeatInterval)]);
        }

        if (FrameMaxAge < TimeSpan.FromSeconds(1) || EventRetention < TimeSpan.FromMinutes(1) || ConnectTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult(
                "Vision:Cluster:FrameMaxAge (at least 1 s), EventRetention (at least 1 min) and ConnectTimeout (positive) are out of range.",
                [nameof(FrameMaxAge), nameof(EventRetention), nameof(ConnectTimeout)]);
        }
    }
}
