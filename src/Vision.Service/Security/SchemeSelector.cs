using System.Net;

namespace Vision.Service.Security;

/// <summary>Chooses, per request, the scheme that checks the credentials it carries.</summary>
internal sealed class SchemeSelector(SecurityOptions options)
{
    public string Select(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (ApiKeyAuthenticationHandler.Presented(context.Request) is not null)
        {
            return AuthenticationSchemes.ApiKey;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return options.Jwt.Enabled ? AuthenticationSchemes.Jwt : AuthenticationSchemes.ApiKey;
        }

        if (context.Connection.ClientCertificate is not null && options.ClientCertificates.Enabled)
        {
            return AuthenticationSchemes.ClientCertificate;
        }

        if (context.Request.Cookies.ContainsKey(VisionAuthentication.SessionCookieName))
        {
            return VisionAuthentication.CookieScheme;
        }

        return options.GrantedLoopbackRoles.Count > 0 && IsLoopback(context.Connection.RemoteIpAddress)
            ? AuthenticationSchemes.Loopback
            : VisionAuthentication.CookieScheme;
    }

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
