using System.Globalization;
using System.Security.Claims;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// Whether the credential a caller was admitted with still stands: a local account's sign-in session (not signed out,
/// not past its end, the account enabled and its password not reset since), an API key not revoked, an identity
/// provider's token not expired. Requests are checked as they arrive; a long-lived call (the queue page's live stream,
/// alert and ingest streams) asks again through a <see cref="CredentialWatch"/>, so signing out, disabling an account
/// and revoking a key reach the calls already open too.
/// </summary>
public sealed class CredentialCheck(AccountStore accounts, SignInSessionStore sessions, ApiKeyStore keys, TimeProvider time)
{
    /// <summary>How often an open call asks again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private const string KeyNamePrefix = "key:";

    public async Task<bool> StandsAsync(ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        caller.FindFirst(VisionAuthentication.SourceClaimType)?.Value switch
        {
            IdentitySources.LocalAccount => await LocalSessionStandsAsync(caller, cancellationToken),
            IdentitySources.ApiKey => caller.Identity?.Name is { } name && name.StartsWith(KeyNamePrefix, StringComparison.Ordinal)
                && await keys.IsActiveAsync(name[KeyNamePrefix.Length..], cancellationToken),
            IdentitySources.OpenIdConnect => caller.FindFirst(VisionAuthentication.ExpiresClaimType)?.Value is not { } expires
                || time.GetUtcNow().ToUnixTimeSeconds() < long.Parse(expires, CultureInfo.InvariantCulture),
            // A client certificate's validity was proved by the TLS handshake of the connection; loopback is the machine.
            _ => true,
        };

    /// <summary>Asks for <paramref name="caller"/> at most once an <see cref="Interval"/>.</summary>
    public CredentialWatch Watch(ClaimsPrincipal caller) => new(this, caller, time);

    /// <summary>Whether a sign-in session's cookie still stands (the web app asks on every request).</summary>
    public async Task<bool> LocalSessionStandsAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var username = caller.Identity?.Name;
        var stamp = caller.FindFirst(VisionAuthentication.SecurityStampClaimType)?.Value;
        var sessionId = caller.FindFirst(VisionAuthentication.SessionIdClaimType)?.Value;
        var account = username is null ? null : await accounts.FindAsync(username, cancellationToken);
        return account is { Disabled: false } && string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal)
            && sessionId is not null && await sessions.IsActiveAsync(sessionId, account.Username, cancellationToken);
    }
}
