namespace Vision.Domain.Security;

/// <summary>
/// The roles a caller may hold. Every RPC and every web page declares which of these it allows
/// (<c>[Authorize(Roles = ...)]</c> with these names, carried as <see cref="System.Security.Claims.ClaimTypes.Role"/> claims).
/// </summary>
public static class VisionRoles
{
    /// <summary>A camera gateway: may stream only the cameras its credential names.</summary>
    public const string CameraGateway = "camera-gateway";

    /// <summary>The city's report backend: photo analysis and triage, statistics read.</summary>
    public const string ReportBackend = "report-backend";

    /// <summary>A traffic police officer: reviews and decides violations.</summary>
    public const string Officer = "officer";

    /// <summary>A supervisor: closes cases, retries delivery, keeps the watchlist, reads statistics.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>An administrator: accounts, keys and configuration.</summary>
    public const string Administrator = "administrator";

    /// <summary>An auditor: reads everything, changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Every role, for validating what an account or key is given.</summary>
    public static IReadOnlyList<string> All { get; } = [CameraGateway, ReportBackend, Officer, Supervisor, Administrator, Auditor];

    /// <summary>The claim type that carries the cameras a gateway credential may stream (one claim per camera id).</summary>
    public const string CameraClaimType = "vision:camera";
}
