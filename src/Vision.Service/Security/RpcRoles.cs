namespace Vision.Service.Security;

/// <summary>
/// Which roles each kind of RPC allows, as the comma-separated lists <c>[Authorize(Roles = ...)]</c> takes. The whole
/// matrix is written out once in the README and walked by a test for every RPC.
/// </summary>
public static class RpcRoles
{
    /// <summary>CameraIngest.Stream (and only for the cameras the credential names).</summary>
    public const string Gateways = VisionRoles.CameraGateway;

    /// <summary>PhotoAnalysis.AnalyzePhoto and TriagePhoto.</summary>
    public const string PhotoAnalysis = VisionRoles.ReportBackend;

    /// <summary>Reading violations, evidence and alerts: Review.List/GetViolation, GetEvidenceFile, Alerts.Subscribe.</summary>
    public const string ReviewReaders = VisionRoles.Officer + "," + VisionRoles.Supervisor + "," + VisionRoles.Auditor;

    /// <summary>Evidence.VerifyPackage: reviewers, and the report backend before it publishes evidence.</summary>
    public const string EvidenceVerifiers = ReviewReaders + "," + VisionRoles.ReportBackend;

    /// <summary>Review.Decide: confirming, rejecting or correcting a violation.</summary>
    public const string Deciders = VisionRoles.Officer + "," + VisionRoles.Supervisor;

    /// <summary>Review.CloseCase and RetryDelivery (and the watchlist).</summary>
    public const string Supervisors = VisionRoles.Supervisor;

    /// <summary>Statistics.GetStatistics and ExportStatisticsCsv: who reads the dashboard on the web, and the report backend.</summary>
    public const string StatisticsReaders = Web.WebRoles.StatisticsReaders + "," + VisionRoles.ReportBackend;
}
