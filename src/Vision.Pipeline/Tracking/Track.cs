using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tracking;

/// <summary>The mutable state of one track inside <see cref="MultiObjectTracker"/>; instances are recycled.</summary>
internal sealed class Track
{
    private readonly BoxKalmanFilter _filter;
    private readonly List<(int ClassId, float ConfidenceSum)> _classVotes = [];

    public Track(double nominalFramesPerSecond) => _filter = new BoxKalmanFilter(nominalFramesPerSecond);

    public long Id { get; private set; }

    public ClassFamily Family { get; private set; }

    public TrackState State { get; set; }

    public int ClassId { get; private set; }

    public float Confidence { get; private set; }

    public int Hits { get; private set; }

    /// <summary>Matched detections this track needs to leave the tentative state (fewer when it started from a confident one).</summary>
    public int HitsToConfirm { get; private set; }

    /// <summary>The riders of the latest matched detection (a two-wheeler joined with its riders).</summary>
    public int Riders { get; private set; }

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>Frames since a detection was last matched.</summary>
    public int FramesUnmatched { get; private set; }

    /// <summary>Whether a detection was matched in the current frame.</summary>
    public bool Matched { get; set; }

    /// <summary>The filter's box: the prediction before a match, the corrected estimate after it.</summary>
    public BoundingBox Box { get; private set; }

    public void Start(long id, ClassFamily family, TrackState state, int hitsToConfirm, Detection detection, DateTimeOffset capturedAt)
    {
        Id = id;
        HitsToConfirm = hitsToConfirm;
        Family = family;
        State = state;
        Hits = 0;
        FirstSeen = capturedAt;
        _classVotes.Clear();
        _filter.Initiate(detection.Box);
        Record(detection, capturedAt);
    }

    public void Predict(double frames)
    {
        _filter.Predict(frames, holdHeight: State != TrackState.Tracked);
        Box = _filter.Box;
        Matched = false;
        FramesUnmatched++;
    }

    /// <summary>Corrects the track with its detection of this frame: a lost track is found again, a tentative one may be confirmed.</summary>
    public void Match(Detection detection, DateTimeOffset capturedAt)
    {
        _filter.Update(detection.Box);
        Record(detection, capturedAt);
        if (State == TrackState.Lost || (State == TrackState.Tentative && Hits >= HitsToConfirm))
        {
            State = TrackState.Tracked;
        }
    }

    public TrackSnapshot Snapshot(DateTimeOffset now, double framesPerSecond) => new(
        Id, ClassId, Family, Box,
        (float)(_filter.VelocityX * framesPerSecond), (float)(_filter.VelocityY * framesPerSecond),
        now - FirstSeen, State, Confidence, Hits, FirstSeen, LastSeen)
    {
        Riders = Riders,
    };

    private void Record(Detection detection, DateTimeOffset capturedAt)
    {
        Box = _filter.Box;
        Confidence = detection.Confidence;
        Riders = detection.Riders;
        LastSeen = capturedAt;
        FramesUnmatched = 0;
        Hits++;
        Matched = true;
        Vote(detection.ClassId, detection.Confidence);
    }

    // The class with the highest summed confidence wins; on a tie the class seen first keeps it.
    private void Vote(int classId, float confidence)
    {
        var index = 0;
        while (index < _classVotes.Count && _classVotes[index].ClassId != classId)
        {
            index++;
        }

        if (index == _classVotes.Count)
        {
            _classVotes.Add((classId, confidence));
        }
        else
        {
            _classVotes[index] = (classId, _classVotes[index].ConfidenceSum + confidence);
        }

        var best = _classVotes[0];
        foreach (var vote in _classVotes)
        {
            if (vote.ConfidenceSum > best.ConfidenceSum)
            {
                best = vote;
            }
        }

        ClassId = best.ClassId;
    }
}
