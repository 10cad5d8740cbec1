using System.Diagnostics;
using System.Threading.Channels;
using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// One camera's way into evidence, inline on its detect loop: takes the violations the camera's stages raise (the
/// recorder journals each first), holds them until the frames
/// after them (the clip's end, the "after" key frame) are processed, then takes those frames from the camera's
/// history (references, no copies) and hands the job to the background builder. Costs one volatile read per frame
/// while nothing is pending.
/// </summary>
public sealed class CameraEvidenceFeed : IFrameResultConsumer, ISlowCaseSink
{
    private readonly CameraStageContext _camera;
    private readonly Func<ViolationCandidate, (DateTimeOffset From, DateTimeOffset To)> _window;
    private readonly ChannelWriter<EvidenceJob> _jobs;
    private readonly Action<ViolationCandidate> _accept;
    private readonly Action<CameraEvidenceFeed> _retire;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<Pending> _pending = [];
    // The latest results (tracks, no pixels) as long as the history keeps their frames: redaction reuses the tracker's boxes.
    private readonly FrameResult?[] _recent;
    private int _next;
    private int _pendingCount;
    private bool _completed;

    /// <param name="retire">Told once the camera's pipeline stopped for good: the recorder lets go of the feed and its frames.</param>
    internal CameraEvidenceFeed(CameraStageContext camera, Func<ViolationCandidate, (DateTimeOffset From, DateTimeOffset To)> window,
        ChannelWriter<EvidenceJob> jobs, Action<ViolationCandidate> accept, Action<CameraEvidenceFeed> retire, TimeProvider time)
    {
        _accept = accept;
        _retire = retire;
        _time = time;
        _camera = camera;
        _window = window;
        _jobs = jobs;
        _recent = new FrameResult?[camera.History.Capacity];
    }

    public int PendingCount => Volatile.Read(ref _pendingCount);

    public string CameraId => _camera.Camera.Id;

    /// <summary>Waits for the frames after the violation (the clip's end), then hands the job to the builder.</summary>
    public void Submit(ViolationCandidate candidate)
    {
        _accept(candidate);
        var (from, to) = _window(candidate);
        bool completed;
        lock (_gate)
        {
            _pending.Add(new Pending(candidate, from, to, _time.GetUtcNow(), Activity.Current?.Context ?? default));
            _pendingCount = _pending.Count;
            completed = _completed;
        }

        if (completed)
        {
            // Raised as the camera stopped: no later frame will come.
            ReleaseAll();
        }
    }

    /// <summary>A slow case comes with its own frames (its time-lapse outlasts the history): built at once.</summary>
    public void Submit(ViolationCandidate candidate, IReadOnlyList<EncodedFrame> frames)
    {
        _accept(candidate);
        _jobs.TryWrite(new EvidenceJob(candidate, _camera.Camera, frames, TrackedVehicles.None) { Origin = Activity.Current?.Context ?? default });
    }

    public void Consume(FrameResult result, FramePixels pixels)
    {
        lock (_gate)
        {
            _recent[_next] = result;
            _next = (_next + 1) % _recent.Length;
        }

        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return;
        }

        Release(pending => result.CapturedAt >= pending.To);
    }

    /// <summary>Builds from what the history holds for violations that waited longer than <paramref name="maxWait"/> (the camera stopped or stalled).</summary>
    public void ReleaseOverdue(DateTimeOffset now, TimeSpan maxWait) => Release(pending => now - pending.SubmittedAt >= maxWait);

    /// <summary>At shutdown: every waiting violation gets a package from the frames there are.</summary>
    public void ReleaseAll() => Release(_ => true);

    /// <summary>
    /// The camera's pipeline stopped for good (the service stops, or another node took the camera): what waits is built
    /// from the frames there are, and the recorder lets go of the feed, its history of frames with it.
    /// </summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        ReleaseAll();
        _retire(this);
    }

    private void Release(Func<Pending, bool> ready)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Count;)
            {
                var pending = _pending[i];
                if (!ready(pending))
                {
                    i++;
                    continue;
                }

                _pending.RemoveAt(i);
                // Unbounded: never fails while the recorder runs; after it completed, the job goes with the writer's completion.
                var results = _recent.Where(r => r is not null && r.CapturedAt >= pending.From && r.CapturedAt <= pending.To).Select(r => r!).ToList();
                var candidate = WithLatestPlate(pending.Candidate, results);
                if (!ReferenceEquals(candidate, pending.Candidate))
                {
                    // Journaled again as it goes to its package: a restart or a takeover recorded the raising frame's plate
                    // beside a signed package that shows another.
                    _accept(candidate);
                }

                _jobs.TryWrite(new EvidenceJob(candidate, _camera.Camera, _camera.History.Between(pending.From, pending.To),
                    new TrackedVehicles(candidate, results)) { Origin = pending.Origin });
            }

            _pendingCount = _pending.Count;
        }
    }

    /// <summary>
    /// The plate the offender's track has once the frames after the violation are in: their reads (the vehicle nearer,
    /// its plate larger) count too. Frozen at the frame that raised it, a motorbike crossing the stop line 25 m away was
    /// recorded with no plate or a weak read though its plate was read surely a second later. A valid plate is never
    /// traded for another text.
    /// </summary>
    private static ViolationCandidate WithLatestPlate(ViolationCandidate candidate, List<FrameResult> results)
    {
        if (candidate.Episode is not null)
        {
            return candidate;
        }

        var latest = results.Where(r => r.Sequence >= candidate.Sequence).OrderByDescending(r => r.Sequence)
            .Select(r => r.Plates.FirstOrDefault(p => p.TrackId == candidate.TrackId)).FirstOrDefault(p => p is not null);
        // A valid plate is kept unless later reads confirmed the same text: after an id switch in a dense queue, the
        // neighbour's nearer reads could outvote it within the second after.
        if (latest is null || ReferenceEquals(latest, candidate.Plate)
            || (candidate.Plate?.Consensus is { IsValidPlate: true } kept && latest.Consensus.Text != kept.Text))
        {
            return candidate;
        }

        return candidate with { Plate = latest, Models = [.. candidate.Models.Concat(latest.Models).Distinct()] };
    }

    private sealed record Pending(ViolationCandidate Candidate, DateTimeOffset From, DateTimeOffset To, DateTimeOffset SubmittedAt, ActivityContext Origin);
}
