using System.Security.Claims;

namespace Vision.Service.Security;

/// <summary>The authenticated caller as the audit log records it: a stable id and how it was proved.</summary>
/// <param name="Id">Username, token subject, key id or certificate subject; never a value taken from a request body.</param>
/// <param name="Source">One of <see cref="IdentitySources"/>.</param>
public sealed record VisionCaller(string Id, string Source, string DisplayName)
{
    /// <summary>The caller of an authenticated principal, or null for an anonymous one.</summary>
    public static VisionCaller? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true } identity || identity.Name is not { Length: > 0 } id)
        {
            return null;
        }

        var source = principal.FindFirstValue(VisionAuthentication.SourceClaimType) ?? identity.AuthenticationType ?? "unknown";
        return new VisionCaller(id, source, principal.FindFirstValue(VisionAuthentication.DisplayNameClaimType) ?? id);
    }
}
