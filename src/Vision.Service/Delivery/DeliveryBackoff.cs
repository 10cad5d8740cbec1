namespace Vision.Service.Delivery;

/// <summary>Exponential backoff with jitter: after failure n the wait is drawn from [d/2, d], d = min(max, initial·2^(n−1)).</summary>
public sealed class DeliveryBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    public TimeSpan After(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }
}
