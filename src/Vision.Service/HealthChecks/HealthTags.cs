namespace Vision.Service.HealthChecks;

/// <summary>Which health checks each probe and each gRPC service depends on.</summary>
public static class HealthTags
{
    /// <summary>Needed to take any call at all (/readyz).</summary>
    public const string Ready = "ready";

    /// <summary>Photo analysis and triage (vision.v1.PhotoAnalysis).</summary>
    public const string Photos = "photos";

    /// <summary>Camera ingest (vision.v1.CameraIngest).</summary>
    public const string Cameras = "cameras";

    /// <summary>Review, alerts, statistics and evidence: the store's services.</summary>
    public const string Store = "store";
}
