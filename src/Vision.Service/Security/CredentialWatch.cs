using System.Security.Claims;

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
        return await check.StandsAsync(caller, cancellationToken);
    }
}
