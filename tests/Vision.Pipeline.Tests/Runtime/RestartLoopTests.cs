using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>Restarts after failures, backing off; a stopping service's drain does not wait out a long backoff.</summary>
public sealed class RestartLoopTests
{
    private static readonly SupervisorOptions Options = new() { InitialBackoff = TimeSpan.FromSeconds(16), MaxBackoff = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task AFailedCameraWaitingOutItsBackoff_RestartsAtOnce_WhenTheDrainBegins()
    {
        // A camera failed after several restarts (16 s to wait); then the service stops with a 10 s drain: its accepted
        // frames were dropped at the drain's end, the restart never having come.
        var time = new FakeTimeProvider();
        using var draining = new CancellationTokenSource();
        var runs = 0;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = RestartLoop.RunAsync(_ => ++runs == 1 ? throw new InvalidOperationException("a stage failed") : Task.CompletedTask,
            Options, time, (_, _) => failed.TrySetResult(), CancellationToken.None, draining.Token);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(loop.IsCompleted);

        await draining.CancelAsync();

        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task FailuresDuringTheDrain_WaitTheShortestBackoff_NotTheGrownOne()
    {
        var time = new FakeTimeProvider();
        using var draining = new CancellationTokenSource();
        await draining.CancelAsync();
        var waits = new List<TimeSpan>();
        var runs = 0;
        var loop = RestartLoop.RunAsync(_ => ++runs <= 3 ? throw new InvalidOperationException("a stage failed") : Task.CompletedTask,
            new SupervisorOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) }, time, (_, wait) => waits.Add(wait), CancellationToken.None, draining.Token);
        for (var i = 0; i < 3 && !loop.IsCompleted; i++)
        {
            await Task.Delay(50);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], waits);
    }
}
