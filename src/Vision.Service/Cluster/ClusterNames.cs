namespace Vision.Service.Cluster;

/// <summary>
/// The JetStream streams, subjects and key-value buckets the nodes share. Camera ids may hold '.', which separates
/// subject tokens, so a camera's token writes it as '~' (never part of a camera id): <c>hue.le-loi.1</c> publishes to
/// <c>vision.frames.hue~le-loi~1</c>.
/// </summary>
public static class ClusterNames
{
    /// <summary>Accepted camera frames, one subject per camera, discard-old limits per camera.</summary>
    public const string FramesStream = "VISION_FRAMES";

    public const string FramesSubjectPrefix = "vision.frames.";

    /// <summary>Violations and watchlist hits once stored, for other systems of the city (and the nodes' alert subscribers).</summary>
    public const string EventsStream = "VISION_EVENTS";

    public const string EventsSubjectPrefix = "vision.events.";

    /// <summary>Key: camera id; value: the node that owns the camera. Entries expire after the lease TTL unless renewed.</summary>
    public const string OwnersBucket = "vision-camera-owners";

    /// <summary>Key: node id; value: when it started. A node is live while its entry is renewed within the lease TTL.</summary>
    public const string NodesBucket = "vision-nodes";

    /// <summary>Where the alert relay keeps the position of the last alert it published (no expiry).</summary>
    public const string RelayBucket = "vision-alert-relay";

    /// <summary>The lease (in <see cref="OwnersBucket"/>; camera ids never start with '_') of the node that relays alerts.</summary>
    public const string AlertRelayLease = "_alert-relay";

    public static string CameraToken(string cameraId) => cameraId.Replace('.', '~');

    public static string FrameSubject(string cameraId) => FramesSubjectPrefix + CameraToken(cameraId);

    public static string EventSubject(Vision.Storage.AlertKind kind, string cameraId) =>
        EventsSubjectPrefix + (kind == Vision.Storage.AlertKind.Violation ? "violation." : "watchlist.") + CameraToken(cameraId);
}
