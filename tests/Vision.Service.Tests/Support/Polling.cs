namespace Vision.Service.Tests.Support;

/// <summary>
/// Waits for something another process or thread brings about (a node takes a camera, an alert arrives), asking again
/// every <c>interval</c> (20 ms unless given). The token, or the time limit, bounds the wait: a condition never met
/// fails the test by cancellation.
/// </summary>
public static class Polling
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    public static Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), cancellationToken, interval);

    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (!await condition())
        {
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }

    /// <summary>Waits at most <paramref name="within"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        await UntilAsync(condition, limit.Token);
    }
}
