using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Vision.Service.Security;

/// <summary>
/// A caller on the loopback interface without credentials, given <see cref="SecurityOptions.GrantedLoopbackRoles"/> (machine
/// roles only), for every camera. The scheme selector sends only such callers here.
/// </summary>
internal sealed class LoopbackAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Identity = "loopback";

    /// <summary>The camera claim of a credential that may stream every camera.</summary>
    public const string AnyCamera = "*";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, Identity));
        identity.AddClaim(new Claim(VisionAuthentication.SourceClaimType, IdentitySources.Loopback));
        foreach (var role in security.Value.GrantedLoopbackRoles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        identity.AddClaim(new Claim(VisionRoles.CameraClaimType, AnyCamera));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
