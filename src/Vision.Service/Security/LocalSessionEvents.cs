using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// Ends a session that was signed out or reached its end on the server (<see cref="SignInSessionStore"/>), or whose
/// account was disabled or had its password reset since it signed in (its security stamp changed); answers API
/// callers with 401/403 instead of a redirect to the sign-in page.
/// </summary>
internal sealed class LocalSessionEvents : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var username = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(VisionAuthentication.SecurityStampClaimType)?.Value;
        var sessionId = context.Principal?.FindFirst(VisionAuthentication.SessionIdClaimType)?.Value;
        var services = context.HttpContext.RequestServices;
        var aborted = context.HttpContext.RequestAborted;
        var account = username is null ? null : await services.GetRequiredService<AccountStore>().FindAsync(username, aborted);
        if (account is null || account.Disabled || !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal)
            || sessionId is null || !await services.GetRequiredService<SignInSessionStore>().IsActiveAsync(sessionId, account.Username, aborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(VisionAuthentication.CookieScheme);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        IsPageRequest(context.Request) ? base.RedirectToLogin(context) : Status(context, StatusCodes.Status401Unauthorized);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Status(context, StatusCodes.Status403Forbidden);

    /// <summary>A browser asking for a page (not gRPC, not a script asking for JSON).</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
