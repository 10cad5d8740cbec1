using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tracking;

/// <summary>
/// ByteTrack (Zhang et al. 2022) multi-object tracking by detection, run separately per <see cref="ClassFamily"/>: high-score
/// detections are matched to tracked and lost tracks first, low-score ones then continue tracks the first pass left over,
/// so briefly occluded objects keep their ids. A track starts tentative, from one confident detection (confirmed by the next)
/// or from a fairly confident one confirmed by a few consecutive ones, so a fast object the detector is only fairly sure
/// of is tracked from its first frames; the first frame of a stream is no different from any other. Motion is a
/// constant-velocity Kalman filter stepped by capture time, with ByteTrack's noise per second whatever the frame rate.
/// Deterministic and allocation-free per frame once its buffers have grown; not thread-safe.
/// </summary>
public sealed class MultiObjectTracker
{
    private static readonly ClassFamily[] AllFamilies = Enum.GetValues<ClassFamily>();

    private readonly float _highConfidence;
    private readonly float _lowConfidence;
    private readonly float _newTrackConfidence;
    private readonly float _weakStartConfidence;
    private readonly int _weakStartHits;
    private readonly float _firstStageMinIou;
    private readonly float _secondStageMinIou;
    private readonly float _twinStartMinIou;
    private readonly float _tentativeMinIou;
    private readonly TimeSpan _lostTrackBuffer;
    private readonly int _maxFramesLost;
    private readonly int _hitsToConfirm;
    private readonly double _framesPerSecond;
    private readonly ClassFamily[] _familyByClassId;
    private readonly LinearAssignment _assignment = new();

    private readonly List<Track> _tracks = [];
    private readonly Stack<Track> _spareTracks = new();
    private readonly List<Track> _rows = [];
    private readonly List<int> _columns = [];
    private bool[] _detectionUsed = [];
    private double[] _costs = [];
    private float[] _ious = [];
    private int[] _columnOfRow = [];

    /// <summary>The share of a tentative track's and a detection's size added around each before comparing them (C-BIoU's 0.3).</summary>
    private const float TentativeBuffer = 0.3f;

    private long _nextTrackId = 1;
    private DateTimeOffset? _previousCapturedAt;

    /// <param name="options">Read once here; later changes to it have no effect.</param>
    /// <param name="classes">The detector's classes, to group class ids into families.</param>
    /// <param name="nominalFramesPerSecond">The camera's intended frame rate: the unit of the motion model's time step.</param>
    public MultiObjectTracker(TrackerOptions options, ObjectClasses classes, double nominalFramesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(classes);
        if (!double.IsFinite(nominalFramesPerSecond) || nominalFramesPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nominalFramesPerSecond), nominalFramesPerSecond, "Must be a positive frame rate.");
        }

        if (!(options.LowConfidence <= options.HighConfidence))
        {
            throw new ArgumentException("LowConfidence must not exceed HighConfidence.", nameof(options));
        }

        if (!(options.WeakStartConfidence <= options.NewTrackConfidence))
        {
            throw new ArgumentException("WeakStartConfidence must not exceed NewTrackConfidence.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.HitsToConfirm, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WeakStartHits, options.HitsToConfirm, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LostTrackBuffer, TimeSpan.Zero, nameof(options));

        _highConfidence = options.HighConfidence;
        _lowConfidence = options.LowConfidence;
        _newTrackConfidence = options.NewTrackConfidence;
        _weakStartConfidence = options.WeakStartConfidence;
        _weakStartHits = options.WeakStartHits;
        _firstStageMinIou = options.FirstStageMinIou;
        _secondStageMinIou = options.SecondStageMinIou;
        _twinStartMinIou = options.TwinStartMinIou;
        _tentativeMinIou = options.TentativeMinIou;
        _lostTrackBuffer = options.LostTrackBuffer;
        _hitsToConfirm = options.HitsToConfirm;
        _framesPerSecond = nominalFramesPerSecond;
        // Ten times the frames the buffer holds at the nominal rate: a camera faster than it keeps its lost tracks for the
        // buffer's time, and a gateway whose capture time stops advancing no longer keeps every vehicle that left for good.
        _maxFramesLost = Math.Max(30, (int)Math.Ceiling(10 * _lostTrackBuffer.TotalSeconds * nominalFramesPerSecond));
        _familyByClassId = ClassFamilies.Of(classes);
    }

    /// <summary>Tracked, lost and tentative tracks.</summary>
    public int AliveCount => _tracks.Count;

    /// <summary>Advances the tracker by one frame; frames must come in capture order.</summary>
    /// <param name="capturedAt">A time a little earlier than the previous frame's counts as the same time; one earlier by more
    /// than a track may go unseen (the camera's clock set back) starts tracking again.</param>
    /// <returns>
    /// A snapshot of every track, in order of track id: tracked, lost (with the predicted box) and tentative. It is the
    /// caller's to keep: later calls do not change it.
    /// </returns>
    public ImmutableArray<TrackSnapshot> Update(IReadOnlyList<Detection> detections, DateTimeOffset capturedAt)
    {
        ArgumentNullException.ThrowIfNull(detections);
        for (var d = 0; d < detections.Count; d++)
        {
            if ((uint)detections[d].ClassId >= (uint)_familyByClassId.Length)
            {
                throw new ArgumentException($"Detection {d} has class id {detections[d].ClassId}, outside the {_familyByClassId.Length} known classes.", nameof(detections));
            }
        }

        var isFirstFrame = _previousCapturedAt is null;
        var elapsed = isFirstFrame ? TimeSpan.Zero : capturedAt - _previousCapturedAt!.Value;
        if (elapsed < -StaleAfter())
        {
            // The camera's clock went back (corrected, or another source): the tracks belong to another time line, and
            // measured against it they would never age out nor move. Tracking starts again.
            Restart();
            elapsed = TimeSpan.Zero;
        }

        var frames = Math.Max(elapsed.TotalSeconds, 0) * _framesPerSecond;
        if (elapsed > TimeSpan.Zero || isFirstFrame || _tracks.Count == 0)
        {
            _previousCapturedAt = capturedAt;
        }

        // After a gap in the frames (an outage, a reconnect) longer than a lost track is kept, nothing from before it
        // continues: a vehicle standing where one stood then is another, not the old track with its age and votes.
        RemoveUnseenSince(capturedAt - StaleAfter());
        foreach (var track in _tracks)
        {
            track.Predict(frames);
        }

        EnsureDetectionCapacity(detections.Count);
        foreach (var family in AllFamilies)
        {
            AssociateFamily(family, detections, capturedAt);
        }

        RemoveExpiredTracks(capturedAt);

        var snapshots = new TrackSnapshot[_tracks.Count];
        for (var t = 0; t < snapshots.Length; t++)
        {
            snapshots[t] = _tracks[t].Snapshot(capturedAt, _framesPerSecond);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(snapshots);
    }

    private void AssociateFamily(ClassFamily family, IReadOnlyList<Detection> detections, DateTimeOffset capturedAt)
    {
        // 1. High detections against tracked and lost tracks, IoU fused with the detection score.
        SelectTracks(family, static track => track.State != TrackState.Tentative);
        SelectDetections(family, detections, _highConfidence, float.PositiveInfinity);
        Associate(detections, fuseScore: true, _firstStageMinIou, capturedAt);

        // 2. Low detections against the tracks that were tracked until now and are still unmatched.
        SelectTracks(family, static track => track.State == TrackState.Tracked && !track.Matched);
        SelectDetections(family, detections, _lowConfidence, _highConfidence);
        Associate(detections, fuseScore: false, _secondStageMinIou, capturedAt);

        foreach (var track in _tracks)
        {
            if (track.Family == family && track.State == TrackState.Tracked && !track.Matched)
            {
                track.State = TrackState.Lost;
            }
        }

        // 3. The remaining fairly confident detections against tentative tracks; unmatched tentative tracks are dropped
        // afterwards. A tentative track has no velocity yet: its box and the detections are compared with a buffer around
        // each (C-BIoU), so an object crossing fast (a motorbike moving half its width a frame) is still confirmed.
        SelectTracks(family, static track => track.State == TrackState.Tentative);
        SelectDetections(family, detections, _weakStartConfidence, float.PositiveInfinity);
        Associate(detections, fuseScore: true, _tentativeMinIou, capturedAt, TentativeBuffer);

        // 4. What is still left and fairly confident starts a tentative track, the surest first. No start may lie on an
        // object already tracked (or just started) in this frame: a second box of it would become a twin track. A weak
        // start is held to the looser gate, a confident one only to a near-identical box.
        SelectDetections(family, detections, _weakStartConfidence, float.PositiveInfinity);
        SortColumnsByConfidence(detections);
        foreach (var d in _columns)
        {
            var detection = detections[d];
            var strong = detection.Confidence >= _newTrackConfidence;
            if (OverlapsMatchedTrack(family, detection.Box, strong ? _twinStartMinIou : _secondStageMinIou))
            {
                continue;
            }

            var track = _spareTracks.Count > 0 ? _spareTracks.Pop() : new Track(_framesPerSecond);
            var hitsToConfirm = strong ? _hitsToConfirm : _weakStartHits;
            track.Start(_nextTrackId++, family, hitsToConfirm <= 1 ? TrackState.Tracked : TrackState.Tentative, hitsToConfirm, detection, capturedAt);
            _tracks.Add(track);
            _detectionUsed[d] = true;
        }
    }

    private bool OverlapsMatchedTrack(ClassFamily family, BoundingBox box, float minIou)
    {
        foreach (var track in _tracks)
        {
            if (track.Family == family && track.Matched && track.Box.IntersectionOverUnion(box) >= minIou)
            {
                return true;
            }
        }

        return false;
    }

    private void SortColumnsByConfidence(IReadOnlyList<Detection> detections)
    {
        for (var i = 1; i < _columns.Count; i++)
        {
            var column = _columns[i];
            var j = i - 1;
            while (j >= 0 && detections[_columns[j]].Confidence < detections[column].Confidence)
            {
                _columns[j + 1] = _columns[j];
                j--;
            }

            _columns[j + 1] = column;
        }
    }

    private void SelectTracks(ClassFamily family, Func<Track, bool> predicate)
    {
        _rows.Clear();
        foreach (var track in _tracks)
        {
            if (track.Family == family && predicate(track))
            {
                _rows.Add(track);
            }
        }
    }

    /// <summary>The unused detections of the family scoring in [<paramref name="from"/>, <paramref name="below"/>).</summary>
    private void SelectDetections(ClassFamily family, IReadOnlyList<Detection> detections, float from, float below)
    {
        _columns.Clear();
        for (var d = 0; d < detections.Count; d++)
        {
            var detection = detections[d];
            if (!_detectionUsed[d] && _familyByClassId[detection.ClassId] == family && detection.Confidence >= from && detection.Confidence < below)
            {
                _columns.Add(d);
            }
        }
    }

    // Optimal assignment of _rows to _columns maximising the summed (fused) IoU over pairs that pass the gate; a pair
    // failing the gate costs the same as leaving both unmatched, as with lapjv's cost_limit in ByteTrack.
    /// <param name="buffer">Each box is grown by this share of its width and height on every side before the IoU.</param>
    private void Associate(IReadOnlyList<Detection> detections, bool fuseScore, float minIou, DateTimeOffset capturedAt, float buffer = 0)
    {
        var rows = _rows.Count;
        var columns = _columns.Count;
        if (rows == 0 || columns == 0)
        {
            return;
        }

        var size = rows * columns;
        if (_costs.Length < size)
        {
            _costs = new double[size];
            _ious = new float[size];
        }

        if (_columnOfRow.Length < rows)
        {
            _columnOfRow = new int[rows];
        }

        for (var r = 0; r < rows; r++)
        {
            var box = Buffered(_rows[r].Box, buffer);
            for (var c = 0; c < columns; c++)
            {
                var detection = detections[_columns[c]];
                var iou = box.IntersectionOverUnion(Buffered(detection.Box, buffer));
                var passes = iou > 0 && iou >= minIou;
                _ious[r * columns + c] = passes ? iou : 0;
                _costs[r * columns + c] = passes ? -(fuseScore ? iou * detection.Confidence : iou) : 0;
            }
        }

        _assignment.Solve(_costs.AsSpan(0, size), rows, columns, _columnOfRow);
        for (var r = 0; r < rows; r++)
        {
            var c = _columnOfRow[r];
            if (c >= 0 && _ious[r * columns + c] > 0)
            {
                var d = _columns[c];
                _rows[r].Match(detections[d], capturedAt);
                _detectionUsed[d] = true;
            }
        }
    }

    private static BoundingBox Buffered(BoundingBox box, float buffer) => buffer == 0
        ? box
        : new BoundingBox(box.Left - box.Width * buffer, box.Top - box.Height * buffer, box.Right + box.Width * buffer, box.Bottom + box.Height * buffer);

    /// <summary>How long a track may go unseen before a frame, at the least: the lost-track buffer, or three frames at the
    /// nominal rate for a camera slower than that (so a sparse camera's tracks live from frame to frame).</summary>
    private TimeSpan StaleAfter() => TimeSpan.FromTicks(Math.Max(_lostTrackBuffer.Ticks, TimeSpan.FromSeconds(3 / _framesPerSecond).Ticks));

    private void RemoveUnseenSince(DateTimeOffset cutoff)
    {
        var kept = 0;
        for (var t = 0; t < _tracks.Count; t++)
        {
            var track = _tracks[t];
            if (track.LastSeen < cutoff)
            {
                _spareTracks.Push(track);
            }
            else
            {
                _tracks[kept++] = track;
            }
        }

        _tracks.RemoveRange(kept, _tracks.Count - kept);
    }

    /// <summary>Ends every track; the next frame starts tracking afresh (track ids are never reused).</summary>
    public void Restart()
    {
        foreach (var track in _tracks)
        {
            _spareTracks.Push(track);
        }

        _tracks.Clear();
    }

    private void RemoveExpiredTracks(DateTimeOffset capturedAt)
    {
        var kept = 0;
        for (var t = 0; t < _tracks.Count; t++)
        {
            var track = _tracks[t];
            var expired = track.State switch
            {
                TrackState.Tentative => !track.Matched,
                TrackState.Lost => capturedAt - track.LastSeen > _lostTrackBuffer || track.FramesUnmatched > _maxFramesLost,
                _ => false,
            };
            if (expired)
            {
                _spareTracks.Push(track);
            }
            else
            {
                _tracks[kept++] = track;
            }
        }

        _tracks.RemoveRange(kept, _tracks.Count - kept);
    }

    private void EnsureDetectionCapacity(int count)
    {
        if (_detectionUsed.Length < count)
        {
            _detectionUsed = new bool[Math.Max(count, _detectionUsed.Length * 2)];
        }

        Array.Clear(_detectionUsed, 0, count);
    }
}
