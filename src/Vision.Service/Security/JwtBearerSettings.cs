using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>
/// Bearer tokens from the city's OpenID Connect identity provider (Keycloak or any other), found by discovery at
/// <c>{Authority}/.well-known/openid-configuration</c> (configuration <c>Vision:Security:Jwt</c>; off while Authority is empty).
/// </summary>
public sealed class JwtBearerSettings
{
    /// <summary>The issuer, e.g. <c>https://sso.hue.gov.vn/realms/hue-s</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (Keycloak: the client id, with an audience mapper).</summary>
    public string? Audience { get; set; }

    /// <summary>Only for a test issuer on loopback: discovery over plain HTTP (refused for any other host).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Where the roles are: a claim name or a dotted path into the token (Keycloak realm roles: <c>realm_access.roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim recorded as the person's identity (Keycloak: <c>preferred_username</c>; <c>sub</c> is always there).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>For gateway tokens: the claim listing the cameras the gateway may stream.</summary>
    public string CameraClaim { get; set; } = "cameras";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("Vision:Security:Jwt:Authority must be the identity provider's absolute URL.");
        }
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            yield return new ValidationResult("Vision:Security:Jwt:Authority must use https (RequireHttpsMetadata=false is for test issuers only).");
        }
        else if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            yield return new ValidationResult(
                "Vision:Security:Jwt:Authority may use plain http only on loopback (a test issuer): the signing keys fetched from it would cross the network in clear, and whoever swapped them could forge any token.");
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("Vision:Security:Jwt:Audience is required: tokens issued for other clients must not be accepted.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Vision:Security:Jwt:ClockSkew must be 0–5 minutes.");
        }
    }
}
