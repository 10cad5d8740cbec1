using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Vision.Service.Web.Review;

/// <summary>
/// Who is working on which pending violation, so two officers do not review the same item at once. A claim is advisory
/// and lives in this process for <see cref="WebOptions.ClaimDuration"/> unless renewed: the store's version check stays
/// the final word on decisions, and a claim left by a closed browser simply runs out (and is forgotten at the next
/// claim or release).
/// </summary>
public sealed class ReviewClaims(TimeProvider time, IOptions<WebOptions> options)
{
    private readonly ConcurrentDictionary<string, ReviewClaim> _claims = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims (or renews) the violation for <paramref name="officer"/> unless another officer holds a live claim; with
    /// <paramref name="takeOver"/> the other claim is replaced. Returns the claim that stands afterwards.
    /// </summary>
    public ReviewClaim Claim(string violationId, string officer, bool takeOver = false)
    {
        Sweep();
        var now = time.GetUtcNow();
        var wanted = new ReviewClaim(violationId, officer, now, now + options.Value.ClaimDuration);
        return _claims.AddOrUpdate(violationId, wanted, (_, current) =>
            current.Officer == officer ? current with { ExpiresAt = wanted.ExpiresAt }
            : takeOver || current.ExpiresAt <= now ? wanted
            : current);
    }

    /// <summary>How often an open violation page renews its claim: three times a claim's life, so one lost renewal does
    /// not let the claim run out under the officer.</summary>
    public TimeSpan RenewEvery => options.Value.ClaimDuration / 3;

    /// <summary>Claims held, live or run out but not yet swept (each claim and release sweeps).</summary>
    public int Count => _claims.Count;

    /// <summary>The live claim on a violation, or null.</summary>
    public ReviewClaim? HolderOf(string violationId) =>
        _claims.TryGetValue(violationId, out var claim) && claim.ExpiresAt > time.GetUtcNow() ? claim : null;

    /// <summary>Ends the officer's claim (after a decision, or when they leave the item).</summary>
    public void Release(string violationId, string officer)
    {
        if (_claims.TryGetValue(violationId, out var claim) && claim.Officer == officer)
        {
            _claims.TryRemove(new KeyValuePair<string, ReviewClaim>(violationId, claim));
        }

        Sweep();
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, claim) in _claims)
        {
            if (claim.ExpiresAt <= now)
            {
                _claims.TryRemove(new KeyValuePair<string, ReviewClaim>(id, claim));
            }
        }
    }
}
