using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// <c>/signin</c> and <c>/signout</c> for people with local accounts: server-rendered forms with anti-forgery tokens,
/// a cookie session on success, and the lockout of <see cref="AccountStore"/> behind them.
/// </summary>
public static partial class SignInEndpoints
{
    private const int MaxReturnUrlLength = 2048;

    public static IEndpointRouteBuilder MapVisionSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(VisionAuthentication.SignInPath, ShowSignIn).AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost(VisionAuthentication.SignInPath, SignInAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SignInRateLimits.Policy);
        endpoints.MapGet(VisionAuthentication.SignOutPath, ShowSignOut).AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost(VisionAuthentication.SignOutPath, SignOutAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// The path to go back to after signing in: only a path on this site, anything else goes to the start page. A
    /// letter beyond ASCII (<c>/queue?camera=lê</c>) is percent-encoded: Kestrel refuses it in a Location header, and
    /// the correct password ended in a blank 500.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= MaxReturnUrlLength } url && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? AsciiOnly(url)
            : "/";

    private static string AsciiOnly(string url)
    {
        if (url.All(c => c is > ' ' and < (char)0x7F))
        {
            return url;
        }

        var encoded = new StringBuilder(url.Length * 2);
        foreach (var rune in url.EnumerateRunes())
        {
            encoded.Append(rune.Value is > ' ' and < 0x7F ? rune.ToString() : Uri.EscapeDataString(rune.ToString()));
        }

        return encoded.ToString();
    }

    private static HtmlPage ShowSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new HtmlPage(SignInPage.SignIn(tokens.FormFieldName, tokens.RequestToken!, LocalReturnUrl(returnUrl), string.Empty, null,
            VisionCaller.From(context.User)?.DisplayName), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, AccountStore accounts, SignInSessionStore sessions,
        IOptions<SignInSessionOptions> sessionOptions, ILoggerFactory loggers)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalReturnUrl(form["returnUrl"]);
        var username = form["username"].ToString();
        var shownUsername = AccountNames.NormalizeUsername(username) ?? string.Empty;
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Retry(context, antiforgery, returnUrl, shownUsername, SignInPage.Expired, StatusCodes.Status400BadRequest);
        }

        var logger = loggers.CreateLogger(typeof(SignInEndpoints));
        var result = await accounts.SignInAsync(username, form["password"].ToString(), context.RequestAborted);
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                var sessionId = await sessions.StartAsync(result.Account!.Username, sessionOptions.Value.MaxLifetime, context.RequestAborted);
                await context.SignInAsync(VisionAuthentication.CookieScheme, LocalAccountClaims.Create(result.Account, sessionId));
                SignedIn(logger, result.Account!.Username, remote);
                return Results.Redirect(returnUrl, permanent: false, preserveMethod: false);
            case SignInOutcome.LockedOut:
                SignInRefused(logger, LogText.Escape(shownUsername), "locked out", remote);
                return Retry(context, antiforgery, returnUrl, shownUsername, SignInPage.LockedOut(result.LockedUntil!.Value), StatusCodes.Status401Unauthorized);
            default:
                SignInRefused(logger, LogText.Escape(shownUsername), result.Outcome == SignInOutcome.Disabled ? "account disabled" : "wrong username or password", remote);
                return Retry(context, antiforgery, returnUrl, shownUsername, SignInPage.InvalidCredentials, StatusCodes.Status401Unauthorized);
        }
    }

    private static HtmlPage ShowSignOut(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new HtmlPage(SignInPage.SignOut(tokens.FormFieldName, tokens.RequestToken!, VisionCaller.From(context.User)?.DisplayName), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, SignInSessionStore sessions)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var signedIn = await context.AuthenticateAsync(VisionAuthentication.CookieScheme);
        if (signedIn.Principal?.FindFirst(VisionAuthentication.SessionIdClaimType)?.Value is { } sessionId)
        {
            await sessions.EndAsync(sessionId, context.RequestAborted);
        }

        await context.SignOutAsync(VisionAuthentication.CookieScheme);
        return Results.Redirect(VisionAuthentication.SignInPath, permanent: false, preserveMethod: false);
    }

    private static HtmlPage Retry(HttpContext context, IAntiforgery antiforgery, string returnUrl, string username, string error, int statusCode)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new HtmlPage(SignInPage.SignIn(tokens.FormFieldName, tokens.RequestToken!, returnUrl, username, error, null), statusCode);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "{Username} signed in from {Remote}")]
    private static partial void SignedIn(ILogger logger, string username, string remote);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Sign-in refused for {Username} from {Remote}: {Reason}")]
    private static partial void SignInRefused(ILogger logger, string username, string reason, string remote);
}
