using Vision.Service.Security;

namespace Vision.Service.Web;

/// <summary>Who may use which part of the web app (role lists for <c>[Authorize(Roles = ...)]</c>).</summary>
public static class WebRoles
{
    /// <summary>May read the queue, violations, their evidence and history.</summary>
    public const string Readers = VisionRoles.Officer + "," + VisionRoles.Supervisor + "," + VisionRoles.Administrator + "," + VisionRoles.Auditor;

    /// <summary>May decide violations and use the report desk.</summary>
    public const string Deciders = VisionRoles.Officer + "," + VisionRoles.Supervisor;

    /// <summary>May close cases.</summary>
    public const string CaseClosers = VisionRoles.Supervisor;

    /// <summary>May read statistics and download reports.</summary>
    public const string StatisticsReaders = VisionRoles.Officer + "," + VisionRoles.Supervisor + "," + VisionRoles.Administrator + "," + VisionRoles.Auditor;

    public static bool CanDecide(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(VisionRoles.Officer) || user.IsInRole(VisionRoles.Supervisor);
}
