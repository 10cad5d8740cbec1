using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vision.Service.Admission;

namespace Vision.Service.Tests.Hostile;

public sealed class PhotoAdmissionTests
{
    private const long TwelveMegapixels = 12_000_000;

    [Fact]
    public async Task BeyondItsConcurrencyAndQueue_ACallIsShed_WithARetryDelay()
    {
        var admission = Admission(triage: new() { MaxConcurrent = 1, MaxQueued = 1, MaxQueueWait = TimeSpan.FromMinutes(1) });
        using var running = await admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None);
        var queued = admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask();

        var shed = await Assert.ThrowsAsync<RpcException>(() => admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask());

        Assert.Equal(StatusCode.ResourceExhausted, shed.StatusCode);
        Assert.Equal("OVERLOADED", shed.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        var pushback = int.Parse(shed.Trailers.GetValue(PhotoAdmission.RetryPushbackTrailer)!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pushback, 100, 30_000);
        Assert.Equal(pushback, (int)shed.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan().TotalMilliseconds);
        Assert.False(queued.IsCompleted);

        running.Dispose();
        using var next = await queued;
        Assert.Equal(TwelveMegapixels, next.Pixels);
    }

    [Fact]
    public async Task TheMemoryBudget_HoldsBackAPhotoThatDoesNotFit_UntilRoomIsMade()
    {
        // 20 MP at 14 bytes a pixel: a 12 MP and a 1 MP photo fit, a second 12 MP one does not.
        var admission = Admission(photoMemoryBytes: 20_000_000 * 14, analyze: new() { MaxConcurrent = 8, MaxQueued = 8, MaxQueueWait = TimeSpan.FromMinutes(1), BytesPerPixel = 14 });
        using var first = await admission.EnterAsync("AnalyzePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None);
        using var small = await admission.EnterAsync("AnalyzePhoto", 1_000_000, 0, DateTime.MaxValue, CancellationToken.None);

        var second = admission.EnterAsync("AnalyzePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var admitted = await second;
    }

    [Fact]
    public async Task TinyImagesCarrying16MegabytesEach_ArePricedAtTheirBytes_AndWaitOnlyWhileTheBudgetHoldsTheirRequests()
    {
        // A 64×64 JPEG with 16 MB after its end marker was priced at its 4 096 pixels: eight of them queued behind one
        // running call held 128 MB no budget counted, and forty (the default queues) 640 MB.
        const long Sixteen = 16L << 20;
        var admission = Admission(photoMemoryBytes: 65L << 20, analyze: new() { MaxConcurrent = 1, MaxQueued = 8, MaxQueueWait = TimeSpan.FromMinutes(1), BytesPerPixel = 5 });
        using var running = await admission.EnterAsync("AnalyzePhoto", 4_096, Sixteen, DateTime.MaxValue, CancellationToken.None);
        Assert.Equal(4_096 * 5 + 2 * Sixteen, running.Bytes);

        // 32 MB running, then two waiting requests of 16 MB: the 65 MB budget is full, and the next is refused at once.
        var waiting = new[]
        {
            admission.EnterAsync("AnalyzePhoto", 4_096, Sixteen, DateTime.MaxValue, CancellationToken.None).AsTask(),
            admission.EnterAsync("AnalyzePhoto", 4_096, Sixteen, DateTime.MaxValue, CancellationToken.None).AsTask(),
        };
        var refused = await Assert.ThrowsAsync<RpcException>(() => admission.EnterAsync("AnalyzePhoto", 4_096, Sixteen, DateTime.MaxValue, CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("memory budget", refused.Status.Detail, StringComparison.Ordinal);
        Assert.All(waiting, call => Assert.False(call.IsCompleted));

        running.Dispose();
        using var next = await waiting[0];
        Assert.Equal(4_096 * 5 + 2 * Sixteen, admission.BytesInFlight);
        next.Dispose();
        (await waiting[1]).Dispose();
    }

    [Fact]
    public async Task APhotoLargerThanTheBudget_StillRunsAlone()
    {
        var admission = Admission(photoMemoryBytes: 100_000_000);

        using var alone = await admission.EnterAsync("TriagePhoto", 50_000_000, 0, DateTime.MaxValue, CancellationToken.None);

        Assert.Equal(50_000_000, alone.Pixels);
        Assert.Equal(50_000_000 * (long)AdmissionOptions.TriageBytesPerPixel, alone.Bytes);
    }

    [Fact]
    public async Task SixteenTwelveMegapixelTriages_OnAMachineWhoseCoresWouldRunThemAll_OnlyAsManyRunAsTheDefaultMemoryBudgetHolds()
    {
        // A 128-core machine: the concurrency limit alone would start all sixteen, about 2.7 GB of triage.
        var defaults = new AdmissionOptions();
        var admission = Admission(defaults.PhotoMemoryBytes, triage: new() { MaxConcurrent = 16, MaxQueued = 0, BytesPerPixel = defaults.TriagePhoto.BytesPerPixel });

        var calls = Enumerable.Range(0, 16).Select(_ => admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask()).ToList();
        await Task.WhenAll(calls.Select(call => call.ContinueWith(static _ => { }, TaskScheduler.Default)));

        var admitted = calls.Where(call => call.IsCompletedSuccessfully).Select(call => call.Result).ToList();
        Assert.Equal(6, admitted.Count); // 1 GiB / (12 MP × 14 B) = 6.4
        Assert.All(calls.Where(call => call.IsFaulted), call => Assert.Equal(StatusCode.ResourceExhausted, Assert.IsType<RpcException>(call.Exception!.InnerException).StatusCode));
        Assert.True(admission.BytesInFlight <= defaults.PhotoMemoryBytes);
        admitted.ForEach(ticket => ticket.Dispose());
        Assert.Equal(0, admission.BytesInFlight);
    }

    [Fact]
    public async Task AWaitLongerThanTheQueueWait_IsShed_AndLeavesTheQueue()
    {
        var admission = Admission(triage: new() { MaxConcurrent = 1, MaxQueued = 1, MaxQueueWait = TimeSpan.FromMilliseconds(50) });
        using var running = await admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None);

        var shed = await Assert.ThrowsAsync<RpcException>(() => admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, shed.StatusCode);
        Assert.Contains("waited 50 ms", shed.Status.Detail, StringComparison.Ordinal);

        // The shed call left the queue: the next one is queued (a full queue refuses at once, before any wait) and waits
        // its own turn out. The running call is never released here, so the outcome does not depend on the machine's speed.
        var waiting = admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        var shedAgain = await Assert.ThrowsAsync<RpcException>(() => waiting);
        Assert.Contains("waited 50 ms", shedAgain.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALargePhotoLeavingTheQueue_LetsTheSmallerOnesQueuedBehindItStart()
    {
        // 10 MP of room: 6 MP run; a 5 MP photo waits (it does not fit) and a 1 MP one waits behind it, first come first served.
        var admission = Admission(photoMemoryBytes: 10_000_000 * 14, analyze: new() { MaxConcurrent = 4, MaxQueued = 4, MaxQueueWait = TimeSpan.FromMinutes(1), BytesPerPixel = 14 });
        using var running = await admission.EnterAsync("AnalyzePhoto", 6_000_000, 0, DateTime.MaxValue, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var large = admission.EnterAsync("AnalyzePhoto", 5_000_000, 0, DateTime.MaxValue, giveUp.Token).AsTask();
        var small = admission.EnterAsync("AnalyzePhoto", 1_000_000, 0, DateTime.MaxValue, CancellationToken.None).AsTask();
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);

        // The large one's caller gives up: the small one fits beside the running photo and starts at once, not when it ends.
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        using var started = await small.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(7_000_000, admission.PixelsInFlight);
    }

    [Fact]
    public async Task ACallWhoseDeadlineComesFirst_EndsDeadlineExceeded_AndACancelledOneIsCancelled()
    {
        var admission = Admission(triage: new() { MaxConcurrent = 1, MaxQueued = 4, MaxQueueWait = TimeSpan.FromMinutes(1) });
        using var running = await admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None);

        var late = await Assert.ThrowsAsync<RpcException>(() =>
            admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.UtcNow.AddMilliseconds(30), CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);

        using var cancel = new CancellationTokenSource();
        var cancelled = admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        running.Dispose();
        using var nowFree = await admission.EnterAsync("TriagePhoto", TwelveMegapixels, 0, DateTime.MaxValue, CancellationToken.None);
    }

    private static PhotoAdmission Admission(long photoMemoryBytes = 1L << 30, MethodAdmissionOptions? analyze = null, MethodAdmissionOptions? triage = null)
    {
        var options = new AdmissionOptions { PhotoMemoryBytes = photoMemoryBytes };
        options.AnalyzePhoto = analyze ?? options.AnalyzePhoto;
        options.TriagePhoto = triage ?? options.TriagePhoto;
        return new PhotoAdmission(Options.Create(options), new BurstMemoryTrimmer(NullLogger<BurstMemoryTrimmer>.Instance), NullLogger<PhotoAdmission>.Instance);
    }
}
