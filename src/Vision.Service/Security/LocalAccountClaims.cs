using System.Security.Claims;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// The claims of a person signed in with a local account: username as name, one role claim per role, and the
/// server-side session the cookie stands for.
/// </summary>
public static class LocalAccountClaims
{
    public static ClaimsPrincipal Create(LocalAccount account, string sessionId)
    {
        var identity = new ClaimsIdentity(VisionAuthentication.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, account.Username));
        identity.AddClaim(new Claim(ClaimTypes.Name, account.Username));
        identity.AddClaim(new Claim(VisionAuthentication.DisplayNameClaimType, account.DisplayName));
        identity.AddClaim(new Claim(VisionAuthentication.SourceClaimType, IdentitySources.LocalAccount));
        identity.AddClaim(new Claim(VisionAuthentication.SecurityStampClaimType, account.SecurityStamp));
        identity.AddClaim(new Claim(VisionAuthentication.SessionIdClaimType, sessionId));
        foreach (var role in account.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }
}
