using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Vision.Service.Security;

/// <summary>
/// Ends a session that was signed out or reached its end on the server, or whose account was disabled or had its
/// password reset since it signed in (<see cref="CredentialCheck"/>); answers API callers with 401/403 instead of a
/// redirect to the sign-in page.
/// </summary>
internal sealed class LocalSessionEvents : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal
            || !await context.HttpContext.RequestServices.GetRequiredService<CredentialCheck>().LocalSessionStandsAsync(principal, context.HttpContext.RequestAborted))
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
