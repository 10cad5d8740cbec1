using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;
using Vision.Pipeline.Tracing;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Turns violations into evidence packages, off the camera loops. Violations enter through their camera's feed
/// (<see cref="Open"/>: the camera's rules and street-order stage submit to it, and it sees the camera's frames), which
/// only queues and releases a violation once the frames after it are processed;
/// <see cref="RunAsync"/> builds the packages one at a time, each within <see cref="EvidenceOptions.BuildTimeout"/>, and
/// hands every violation to the <see cref="IViolationRecorder"/> with its package, or with none when building failed.
/// Nothing is ever dropped: the queues are unbounded (violations are rare next to frames), and with a
/// <see cref="PendingViolationJournal"/> a violation outlives the process until the store took it.
/// </summary>
public sealed class EvidenceRecorder
{
    private static readonly TimeSpan MaxRecordRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OverdueCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly EvidencePackageBuilder _builder;
    private readonly IViolationRecorder _recorder;
    private readonly EvidenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<EvidenceJob> _jobs = Channel.CreateUnbounded<EvidenceJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, CameraEvidenceFeed> _feeds = new(StringComparer.Ordinal);
    // Every feed whose pipeline has not stopped for good: one replaced by a camera's newer pipeline still releases what
    // was waiting on it. A feed leaves when its pipeline completes, or every takeover would keep a history of frames.
    private readonly ConcurrentDictionary<CameraEvidenceFeed, byte> _allFeeds = new();
    // Submitted here and not yet recorded: recovery leaves these to this process's own worker, which builds their packages.
    private readonly ConcurrentDictionary<string, string> _unrecorded = new(StringComparer.Ordinal);
    private long _built;
    private long _withoutEvidence;

    private readonly PendingViolationJournal? _journal;

    /// <param name="journal">Where raised violations wait until recorded, so a stopped process loses none (null: in memory only).</param>
    public EvidenceRecorder(EvidencePackageBuilder builder, IViolationRecorder recorder, EvidenceOptions options, TimeProvider time, ILogger<EvidenceRecorder> logger,
        PendingViolationJournal? journal = null)
    {
        _journal = journal;
        _builder = builder;
        _recorder = recorder;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Packages built and recorded so far.</summary>
    public long Built => Interlocked.Read(ref _built);

    /// <summary>Violations recorded without evidence so far (building failed).</summary>
    public long RecordedWithoutEvidence => Interlocked.Read(ref _withoutEvidence);

    /// <summary>Violations waiting for the frames after them.</summary>
    public int Waiting => _allFeeds.Keys.Sum(feed => feed.PendingCount);

    /// <summary>
    /// A violation of a camera whose stages did not raise it (replayed, or raised after its pipeline was replaced): goes
    /// through the camera's current feed, or is recorded from no frames when the camera has none.
    /// </summary>
    public void Submit(ViolationCandidate candidate)
    {
        if (_feeds.TryGetValue(candidate.CameraId, out var feed))
        {
            feed.Submit(candidate);
            return;
        }

        Accept(candidate);
        _jobs.Writer.TryWrite(new EvidenceJob(candidate, null, [], TrackedVehicles.None) { Origin = Activity.Current?.Context ?? default });
    }

    /// <summary>The camera's one way into evidence: the violations its stages raise, and the frames it processes.</summary>
    public CameraEvidenceFeed Open(CameraStageContext camera)
    {
        var feed = new CameraEvidenceFeed(camera, _builder.FrameWindow, _jobs.Writer, Accept, Retire, _time);
        // A camera's pipeline is created once; a later one (a reconfigured registry) takes over its violations' frames.
        _feeds[camera.Camera.Id] = feed;
        _allFeeds[feed] = 0;
        return feed;
    }

    private void Retire(CameraEvidenceFeed feed)
    {
        _allFeeds.TryRemove(feed, out _);
        // Only while it is still the camera's feed: a newer pipeline's (a takeover on this node) stays.
        _feeds.TryRemove(new KeyValuePair<string, CameraEvidenceFeed>(feed.CameraId, feed));
    }

    /// <summary>
    /// Records what an earlier process raised but never recorded (with its package when that was sealed), then builds
    /// and records until cancelled; then every waiting violation is built from the frames there are, and recorded.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var left in _journal?.LeftByEarlierRuns ?? [])
        {
            var package = _builder.StoredPackageOf(left);
            EvidenceLog.Recovered(_logger, left.Id, package?.PackageId);
            await RecordAsync(left, package, CancellationToken.None);
        }

        var overdue = Task.Run(() => ReleaseOverdueAsync(cancellationToken), CancellationToken.None);
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(cancellationToken))
            {
                await ProcessAsync(job, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: drain below.
        }

        await overdue;
        foreach (var feed in _allFeeds.Keys)
        {
            feed.ReleaseAll();
        }

        while (_jobs.Reader.TryRead(out var job))
        {
            await ProcessAsync(job, CancellationToken.None);
        }
    }

    /// <summary>
    /// Records what the journal holds for one camera (another node raised it, then died): with its package when that
    /// was sealed, otherwise without evidence. Called by the node that takes the camera over, before its frames run.
    /// </summary>
    public async Task<int> RecoverAsync(string cameraId, CancellationToken cancellationToken)
    {
        var left = (_journal?.PendingFor(cameraId) ?? []).Where(candidate => !_unrecorded.ContainsKey(candidate.Id)).ToList();
        foreach (var candidate in left)
        {
            var package = _builder.StoredPackageOf(candidate);
            EvidenceLog.Recovered(_logger, candidate.Id, package?.PackageId);
            await RecordAsync(candidate, package, cancellationToken);
        }

        return left.Count;
    }

    /// <summary>Builds the camera's waiting violations now, from the frames there are (the camera stops running here).</summary>
    public void ReleaseWaiting(string cameraId)
    {
        foreach (var feed in _allFeeds.Keys.Where(feed => feed.CameraId == cameraId))
        {
            feed.ReleaseAll();
        }
    }

    /// <summary>
    /// Remembers a violation as raised and not yet recorded, in memory and in the journal, before it waits for frames. A
    /// journal that cannot be written (a full or failing disk) must not lose the violation, nor the frame's later ones:
    /// it goes on in memory, recorded unless the process dies first.
    /// </summary>
    private void Accept(ViolationCandidate candidate)
    {
        _unrecorded[candidate.Id] = candidate.CameraId;
        try
        {
            _journal?.Add(candidate);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            EvidenceLog.NotJournaled(_logger, error, candidate.Id);
        }
    }

    /// <summary>The violation is recorded with all it will get: out of the journal and of what this process still owes.</summary>
    private void Settle(string violationId)
    {
        _unrecorded.TryRemove(violationId, out _);
        try
        {
            _journal?.Remove(violationId);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Thrown inside the recording's retries, it had the store take the violation again every 30 s for ever, and the
            // one worker never took another job (a disk remounted read-only stopped every camera's recording).
            EvidenceLog.NotRemovedFromJournal(_logger, error, violationId);
        }
    }

    /// <summary>Whether a violation this process raised on the camera is not yet recorded (or its late package not yet linked).</summary>
    public bool HasUnrecorded(string cameraId) => _unrecorded.Values.Contains(cameraId, StringComparer.Ordinal);

    private async Task ReleaseOverdueAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(OverdueCheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _time.GetUtcNow();
                foreach (var feed in _allFeeds.Keys)
                {
                    feed.ReleaseOverdue(now, _options.MaxWaitForFrames);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(EvidenceJob job, CancellationToken cancellationToken)
    {
        EvidenceReference? reference;
        Task<EvidenceBuildResult>? overdueBuild;
        using (var span = StartSpan(SpanNames.EvidenceBuild, job))
        {
            (reference, overdueBuild) = await BuildAsync(job);
            span?.SetTag(SpanAttributes.EvidenceBuilt, reference is not null);
        }

        Interlocked.Increment(ref reference is null ? ref _withoutEvidence : ref _built);
        using (StartSpan(SpanNames.ViolationRecord, job))
        {
            // A build past its time limit may still seal the package: the journal keeps the violation until it is linked,
            // so a process that dies first links it when it recovers the journal on its next start, and a cluster
            // handover's drain waits for it (within its limit) as for any violation not yet settled.
            await RecordAsync(job.Candidate, reference, cancellationToken, stillSealing: overdueBuild is not null);
        }

        if (overdueBuild is not null)
        {
            LinkWhenSealedLate(overdueBuild, job.Candidate);
        }
    }

    private static Activity? StartSpan(string name, EvidenceJob job) => job.Origin == default
        ? null
        : PipelineTracing.Source.StartActivity(name, ActivityKind.Internal, job.Origin)?
            .SetTag(SpanAttributes.CameraId, job.Candidate.CameraId).SetTag(SpanAttributes.FrameSequence, job.Candidate.Sequence)
            .SetTag(SpanAttributes.ViolationId, job.Candidate.Id).SetTag(SpanAttributes.ViolationKind, job.Candidate.Kind.ToString());

    private async Task RecordAsync(ViolationCandidate candidate, EvidenceReference? reference, CancellationToken cancellationToken,
        bool stillSealing = false)
    {
        // The violation exists only here (and in the journal) until the store took it: keep trying (a store outage, a command timeout) and
        // never let one failure stop the worker that records every later violation.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _recorder.RecordAsync(candidate, reference, cancellationToken);
                if (!stillSealing)
                {
                    Settle(candidate.Id);
                }

                return;
            }
#pragma warning disable CA1031 // Whatever the store throws, the violation must not be lost.
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                EvidenceLog.RecordFailed(_logger, error, candidate.Id, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, MaxRecordRetryDelay.TotalSeconds)), _time, cancellationToken);
            }
        }
    }

    /// <returns>The sealed package, or none; and a build past its time limit that may still seal one.</returns>
    private async Task<(EvidenceReference? Reference, Task<EvidenceBuildResult>? OverdueBuild)> BuildAsync(EvidenceJob job)
    {
        if (job.Camera is null)
        {
            EvidenceLog.PackageNotBuilt(_logger, job.Candidate.Id, $"camera '{job.Candidate.CameraId}' is not one of this service's cameras");
            return (null, null);
        }

        using var timeout = new CancellationTokenSource(_options.BuildTimeout, _time);
        Task<EvidenceBuildResult>? building = null;
        try
        {
            // WaitAsync bounds the wait even when a step ignores the token (a stalled fsync, a hung encoder); an abandoned
            // build may still seal its package later (LinkWhenSealedLate).
            building = Task.Run(() => _builder.Build(job.Candidate, job.Camera, job.Frames, timeout.Token, job.Vehicles), timeout.Token);
            var result = await building.WaitAsync(_options.BuildTimeout, _time);
            if (result.Reference is null)
            {
                EvidenceLog.PackageNotBuilt(_logger, job.Candidate.Id, result.FailureReason ?? "unknown");
                return (null, null);
            }

            if (result.AlreadyStored)
            {
                EvidenceLog.PackageAlreadyStored(_logger, result.Reference.PackageId, job.Candidate.Id);
            }
            else
            {
                EvidenceLog.PackageBuilt(_logger, result.Reference.PackageId, job.Candidate.Id, result.KeyFrameCount, result.ClipFrameCount,
                    result.Timings.Total.TotalMilliseconds, result.Timings.Clip.TotalMilliseconds, result.Timings.Redaction.TotalMilliseconds);
            }

            return (result.Reference, null);
        }
        catch (Exception error) when (error is TimeoutException || (error is OperationCanceledException && timeout.IsCancellationRequested))
        {
            EvidenceLog.PackageNotBuilt(_logger, job.Candidate.Id, $"building took longer than {_options.BuildTimeout}");
            return (null, building);
        }
#pragma warning disable CA1031 // Any failure to build (disk full, codec) must still record the violation, without evidence.
        catch (Exception error)
#pragma warning restore CA1031
        {
            EvidenceLog.PackageFailed(_logger, error, job.Candidate.Id);
            return (null, null);
        }
    }

    /// <summary>
    /// A build past its time limit may still seal its package (a step that ignored the cancellation: a stalled disk).
    /// The violation, recorded without evidence meanwhile, is given the package then: the store links it once, retried
    /// while the store cannot take it, as every recording is. Its journal entry goes once that is settled.
    /// </summary>
    private void LinkWhenSealedLate(Task<EvidenceBuildResult> building, ViolationCandidate candidate) =>
        _ = building.ContinueWith(async built =>
        {
            if (!built.IsCompletedSuccessfully || built.Result.Reference is not { } reference)
            {
                Settle(candidate.Id);
                return;
            }

            await RecordAsync(candidate, reference, CancellationToken.None);
            EvidenceLog.SealedLate(_logger, reference.PackageId, candidate.Id);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
}
