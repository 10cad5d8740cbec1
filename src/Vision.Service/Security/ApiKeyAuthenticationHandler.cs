using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>Authenticates machines by API key (<c>x-api-key</c>, or <c>authorization: ApiKey|Bearer vk_…</c>), looked up in the store on every call.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? AuthenticateResult.Fail(new CredentialRefusedException("TOKEN_NOT_ACCEPTED", "Bearer tokens need an identity provider (Vision:Security:Jwt), and none is configured."))
                : AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail(new CredentialRefusedException("API_KEY_INVALID", "The API key is unknown or revoked."));
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "key:" + key.Id));
        identity.AddClaim(new Claim(VisionAuthentication.DisplayNameClaimType, key.Name));
        identity.AddClaim(new Claim(VisionAuthentication.SourceClaimType, IdentitySources.ApiKey));
        identity.AddClaim(new Claim(ClaimTypes.Role, key.Role));
        foreach (var camera in key.Cameras)
        {
            identity.AddClaim(new Claim(VisionRoles.CameraClaimType, camera));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>The key the request carries, if any.</summary>
    public static string? Presented(HttpRequest request)
    {
        if (request.Headers[AuthenticationSchemes.ApiKeyHeader].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        foreach (var prefix in (ReadOnlySpan<string>)["ApiKey ", "Bearer vk_"])
        {
            if (authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[(prefix.EndsWith("vk_", StringComparison.Ordinal) ? "Bearer ".Length : prefix.Length)..].Trim();
            }
        }

        return null;
    }
}
