namespace Vision.Service.Security;

/// <summary>The names the web app and the gRPC services share: schemes, sign-in paths and the claims Vision adds.</summary>
public static class VisionAuthentication
{
    /// <summary>Picks the scheme a request speaks (bearer token, API key, client certificate or session cookie).</summary>
    public const string DefaultScheme = "Vision";

    /// <summary>Cookie sessions of people signed in through <see cref="SignInPath"/> with a local account.</summary>
    public const string CookieScheme = "Vision.Cookie";

    /// <summary>The session cookie's name.</summary>
    public const string SessionCookieName = "vision.session";

    /// <summary>The server-rendered sign-in form (GET) and its submission (POST: username, password, returnUrl, anti-forgery token).</summary>
    public const string SignInPath = "/signin";

    /// <summary>Ends the session (POST with the anti-forgery token; GET shows a confirmation form).</summary>
    public const string SignOutPath = "/signout";

    /// <summary>Where the identity came from (<see cref="IdentitySources"/>); recorded beside it in the audit log.</summary>
    public const string SourceClaimType = "vision:source";

    /// <summary>A person's name as shown on screen (the username stays the identity).</summary>
    public const string DisplayNameClaimType = "vision:display_name";

    /// <summary>The account's security stamp when the session began; a session whose stamp no longer matches ends.</summary>
    public const string SecurityStampClaimType = "vision:security_stamp";

    /// <summary>The server-side session (<see cref="Vision.Storage.Accounts.SignInSessionStore"/>) the cookie stands for.</summary>
    public const string SessionIdClaimType = "vision:session";

    /// <summary>
    /// When the service stops accepting an identity provider's token (its <c>exp</c> plus the allowed clock skew, Unix
    /// seconds); an open stream ends with it.
    /// </summary>
    public const string ExpiresClaimType = "vision:expires";
}
