using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Vision.Service.Security;

/// <summary>
/// Ends a session that was signed out or reached its end on the server, or whose account was disabled or had its
/// password reset since it signed in (<see cref="CredentialCheck"/>); answers API callers with 401/403 instead of a
/// redirect to the sign-in page. A form posted after the session ended goes to the sign-in page too, which returns to
/// the page the form was on (a blank 401 lost the officer's way back).
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

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (!IsPageRequest(context.Request))
        {
            return Status(context, StatusCodes.Status401Unauthorized);
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            // Back to the page with its filters, not to the form's handler: a GET there would not be the form's action.
            var request = context.Request;
            var query = QueryString.Create(request.Query.Where(parameter => !string.Equals(parameter.Key, "handler", StringComparison.OrdinalIgnoreCase)));
            var page = request.PathBase + request.Path + query;
            context.Response.Redirect($"{request.PathBase}{context.Options.LoginPath}?{context.Options.ReturnUrlParameter}={Uri.EscapeDataString(page)}");
            return Task.CompletedTask;
        }

        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Status(context, StatusCodes.Status403Forbidden);

    /// <summary>A browser asking for a page or posting a form (not gRPC, not a script asking for JSON).</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || (HttpMethods.IsPost(request.Method) && request.HasFormContentType))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
