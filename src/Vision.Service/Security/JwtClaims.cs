using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vision.Service.Security;

/// <summary>
/// Turns a validated identity-provider token into Vision's claims: the configured name claim (or <c>sub</c> when it is
/// missing or no identity) as the
/// identity, the Vision roles found at the configured claim path (other roles ignored), cameras for gateway tokens.
/// </summary>
internal static class JwtClaims
{
    public static Task OnTokenValidated(TokenValidatedContext context, JwtBearerSettings settings)
    {
        if (context.SecurityToken is not JsonWebToken token)
        {
            context.Fail(new CredentialRefusedException("TOKEN_INVALID", "The token is not a JSON web token."));
            return Task.CompletedTask;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        // An e-mail-style name (Entra ID's preferred_username, a Keycloak realm logging in by e-mail) is an identity too;
        // a name that is none (empty, too long, odd characters) falls back to the token's subject.
        var name = Strings(payload.RootElement, settings.NameClaim).Concat(Strings(payload.RootElement, "sub"))
            .FirstOrDefault(candidate => ClientText.IdentityProblem(candidate) is null);
        if (name is null)
        {
            context.Fail(new CredentialRefusedException("TOKEN_INVALID", $"The token's '{settings.NameClaim}' (or 'sub') is missing or not a valid identity."));
            return Task.CompletedTask;
        }

        var identity = new ClaimsIdentity(AuthenticationSchemes.Jwt, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(VisionAuthentication.SourceClaimType, IdentitySources.OpenIdConnect));
        if (payload.RootElement.TryGetProperty("exp", out var expires) && expires.TryGetInt64(out var expiresAt))
        {
            // A new call is accepted until exp plus the clock skew, so an open one ends no sooner.
            var acceptedUntil = expiresAt + (long)settings.ClockSkew.TotalSeconds;
            identity.AddClaim(new Claim(VisionAuthentication.ExpiresClaimType, acceptedUntil.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (Strings(payload.RootElement, "name").FirstOrDefault() is { } displayName)
        {
            identity.AddClaim(new Claim(VisionAuthentication.DisplayNameClaimType, displayName));
        }

        foreach (var role in Strings(payload.RootElement, settings.RoleClaim, splitSpaces: true).Where(VisionRoles.All.Contains).Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        foreach (var camera in Strings(payload.RootElement, settings.CameraClaim))
        {
            identity.AddClaim(new Claim(VisionRoles.CameraClaimType, camera));
        }

        context.Principal = new ClaimsPrincipal(identity);
        return Task.CompletedTask;
    }

    /// <summary>The strings at a dotted path: an array of strings, or one string (split at spaces when asked, as for role lists).</summary>
    private static IEnumerable<string> Strings(JsonElement root, string path, bool splitSpaces = false)
    {
        var element = root;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return [];
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String when splitSpaces => element.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            _ => [],
        };
    }
}
