using Microsoft.Extensions.Options;
using Vision.Service.Admission;

namespace Vision.Service.Tests.Hostile;

public sealed class PhotoWorkersTests
{
    [Fact]
    public async Task AnAdmittedPhoto_RunsOnItsMethodsOwnThread_ContinuationsIncluded()
    {
        using var workers = new PhotoWorkers(Options.Create(new AdmissionOptions()));

        var threads = await workers.RunAsync(nameof(AdmissionOptions.TriagePhoto), async () =>
        {
            var seen = new List<Thread> { Thread.CurrentThread };
            await Task.Yield();
            seen.Add(Thread.CurrentThread);
            await Task.Delay(20);
            seen.Add(Thread.CurrentThread);
            return seen;
        });

        var thread = Assert.Single(threads.Distinct());
        Assert.False(thread.IsThreadPoolThread);
        Assert.StartsWith("TriagePhoto worker", thread.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAsManyThreadsServeAMethod_AsAdmissionLetsItsCallsRunAtOnce()
    {
        var options = new AdmissionOptions { AnalyzePhoto = new() { MaxConcurrent = 2 } };
        using var workers = new PhotoWorkers(Options.Create(options));

        var threads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => workers.RunAsync(nameof(AdmissionOptions.AnalyzePhoto), () =>
        {
            Thread.Sleep(5);
            return Environment.CurrentManagedThreadId;
        })));

        Assert.InRange(threads.Distinct().Count(), 1, 2);
    }

    [Fact]
    public async Task AFailureOrACancellation_ReachesTheCaller_AsItWasThrown()
    {
        using var workers = new PhotoWorkers(Options.Create(new AdmissionOptions()));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<InvalidDataException>(() => workers.RunAsync(nameof(AdmissionOptions.TriagePhoto), new Func<int>(() => throw new InvalidDataException("corrupt"))));
        var cancellation = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workers.RunAsync(nameof(AdmissionOptions.TriagePhoto), async () =>
        {
            await Task.Delay(1000, cancelled.Token);
            return 0;
        }));
        Assert.Equal(cancelled.Token, cancellation.CancellationToken);
    }
}
