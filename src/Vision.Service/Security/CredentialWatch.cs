using System.Security.Claims;
using Vision.Storage;

namespace Vision.Service.Security;

/// <summary>An open call's caller, checked again at most once a <see cref="CredentialCheck.Interval"/>.</summary>
public sealed class CredentialWatch(CredentialCheck check, ClaimsPrincipal caller, TimeProvider time)
{
    private DateTimeOffset _checkedAt = time.GetUtcNow();

    /// <summary>False once the credential no longer stands; the call must end then.</summary>
    public async ValueTask<bool> StandsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _checkedAt < CredentialCheck.Interval)
        {
            return true;
        }

        _checkedAt = now;
        try
        {
            return await check.StandsAsync(caller, cancellationToken);
        }
        catch (Exception error) when (StoreErrors.IsUnavailable(error))
        {
            // The store cannot answer right now: a call admitted with a good credential is not cut off for it (a camera's
            // ingest would stop at every store hiccup); it is asked again at the next interval.
            return true;
        }
    }
}
