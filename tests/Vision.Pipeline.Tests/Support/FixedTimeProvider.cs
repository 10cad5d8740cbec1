namespace Vision.Pipeline.Tests.Support;

/// <summary>A clock that always says the same instant, so replayed clips get identical capture times.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
