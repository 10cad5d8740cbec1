using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Reads the plates of one camera's confirmed vehicle tracks, frame after frame, and keeps a consensus per track
/// (the reads of one vehicle agree better than any single read). State lives only for tracks that are alive.
/// </summary>
public sealed class PlateStage
{
    private readonly IPlateLocator _locator;
    private readonly PlateCropReader _reader;
    private readonly Watchlist? _watchlist;
    private readonly PlateStageOptions _options;
    private readonly Dictionary<long, TrackPlateState> _tracks = [];
    private readonly List<long> _gone = [];
    private readonly CameraWatchlistAlerts _cameraAlerts;

    private readonly ObjectClasses _classes;

    /// <param name="reader">Checks reads with the camera's grammar (<see cref="PlateStageOptions.Grammar"/>).</param>
    public PlateStage(IPlateLocator locator, PlateCropReader reader, Watchlist? watchlist, PlateStageOptions options, ObjectClasses classes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        if (reader.Grammar.Mode != options.Grammar)
        {
            throw new ArgumentException($"The plate stage reads with the {options.Grammar} grammar but its crop reader checks with {reader.Grammar.Mode}.", nameof(reader));
        }

        _classes = classes;
        _locator = locator;
        _reader = reader;
        _watchlist = watchlist;
        _options = options;
        _cameraAlerts = new CameraWatchlistAlerts(options.WatchlistQuietPeriod);
    }

    /// <summary>Reads what this frame allows; returns the current plate of every track that has one and the new watchlist hits.</summary>
    /// <param name="pixels">The frame, full resolution (track boxes are in its pixels).</param>
    public PlateStageResult Process(Mat pixels, IReadOnlyList<TrackSnapshot> tracks, long sequence, DateTimeOffset capturedAt) =>
        Process(() => pixels, tracks, sequence, capturedAt);

    /// <summary>As <see cref="Process(Mat, IReadOnlyList{TrackSnapshot}, long, DateTimeOffset)"/>, asking for the full-resolution frame only if a plate is read.</summary>
    public PlateStageResult Process(Func<Mat> fullResolution, IReadOnlyList<TrackSnapshot> tracks, long sequence, DateTimeOffset capturedAt)
    {
        ForgetTracksThatEnded(tracks);
        var newHits = new List<TrackWatchlistHit>();
        foreach (var track in SelectTracksToRead(tracks, sequence))
        {
            if (ReadPlate(fullResolution(), track, tracks, sequence, capturedAt) is { } state)
            {
                RaiseWatchlistHits(track.TrackId, state, capturedAt, newHits);
            }
        }

        var plates = new List<TrackPlate>();
        foreach (var track in tracks)
        {
            if (_tracks.TryGetValue(track.TrackId, out var state) && state.Consensus.Current is { } consensus)
            {
                // A settled track is read no more: a wanted car parked in view is still seen, not news when it comes back
                // under a new id.
                _cameraAlerts.Seen(state.Watchlist.Current, capturedAt);
                plates.Add(new TrackPlate(track.TrackId, consensus, state.Watchlist.Current) { Models = [.. state.Models] });
            }
        }

        return new PlateStageResult(plates, newHits);
    }

    /// <summary>
    /// The vehicles this frame reads (never a bicycle: <see cref="UnplatedVehicles"/>): those never read first, then the longest unread (a track without a plate yet before
    /// one with, then the largest). Ranked by having a plate alone, vehicles whose plate is never found (motorbikes
    /// coming towards the camera carry none in front) took every reading for good, and a smaller one showing its plate
    /// was never read.
    /// </summary>
    private IEnumerable<TrackSnapshot> SelectTracksToRead(IReadOnlyList<TrackSnapshot> tracks, long sequence) => tracks
        .Where(t => t.State == TrackState.Tracked && t.Family == ClassFamily.Vehicle && !UnplatedVehicles.Contains(_classes.NameOf(t.ClassId))
                    && t.Hits >= _options.MinimumTrackHits
                    && t.Box.Width >= _options.MinimumVehicleSide && t.Box.Height >= _options.MinimumVehicleSide)
        .Select(t => (Track: t, State: _tracks.GetValueOrDefault(t.TrackId)))
        .Where(c => c.State is null || (sequence - c.State.LastReadSequence >= _options.FramesBetweenReads
                                        && !(_options.StopWhenStable && c.State.Consensus.Current?.IsStable == true)))
        .OrderBy(c => c.State?.LastReadSequence ?? long.MinValue)
        .ThenBy(c => c.State?.Consensus.Current is null ? 0 : 1)
        .ThenByDescending(c => c.Track.Box.Area)
        .ThenBy(c => c.Track.TrackId)
        .Take(_options.MaxVehiclesPerFrame)
        .Select(c => c.Track);

    /// <returns>The track's plate state when this read added to its consensus.</returns>
    private TrackPlateState? ReadPlate(Mat pixels, TrackSnapshot track, IReadOnlyList<TrackSnapshot> tracks, long sequence, DateTimeOffset capturedAt)
    {
        if (!_tracks.TryGetValue(track.TrackId, out var state))
        {
            state = new TrackPlateState();
            _tracks[track.TrackId] = state;
        }

        state.LastReadSequence = sequence;
        var box = track.Box.ClampTo(pixels.Width, pixels.Height);
        var rect = new Rect((int)box.Left, (int)box.Top, Math.Max(1, (int)(box.Right - box.Left)), Math.Max(1, (int)(box.Bottom - box.Top)));
        if (rect.Width < 8 || rect.Height < 8)
        {
            return null;
        }

        using var vehicle = new Mat(pixels, rect);
        if (OwnPlate(_locator.Locate(vehicle), rect, track, tracks) is not { } candidate)
        {
            return null;
        }

        using var plateCrop = PlateRectifier.Rectify(vehicle, candidate, _locator.ReadingMargin.Horizontal, _locator.ReadingMargin.Vertical);
        // The grammar runs once, inside the crop reader, with the layout the track's class implies.
        var read = _reader.Read(plateCrop, GrammarLayout.For(_classes.NameOf(track.ClassId), candidate.Layout));
        var text = read.Text;
        if (text.Normalized.Length == 0)
        {
            return null;
        }

        state.Use(_locator.Models);
        state.Use(read.Models);
        var confidences = text.CharacterConfidences ?? [.. Enumerable.Repeat(read.Confidence, text.Normalized.Length)];
        var plateRead = new PlateRead(text.Normalized, confidences, read.Models[0]);
        Cv2.ImEncode(".jpg", plateCrop, out var cropJpeg, [(int)ImwriteFlags.JpegQuality, 95]);
        var observation = new PlateObservation(plateRead,
            text.IsValid ? text.Formatted : null, text.IsValid, sequence, capturedAt,
            plateCrop.Width, plateCrop.Height, Sharpness(plateCrop), cropJpeg);
        state.Consensus.Add(observation);
        state.ReadsOf[text.Normalized] = state.ReadsOf.TryGetValue(text.Normalized, out var earlier)
            ? earlier with { Count = earlier.Count + 1 }
            : new TextReads(1, read.Contested);

        return state;
    }

    /// <summary>
    /// The best plate in the track's box that is not another vehicle's: a plate whose centre lies in a smaller vehicle's
    /// box overlapping this one (a motorbike stopped in front of a car) is that vehicle's. Ranked by position alone, the
    /// motorbike's plate, low and central in the car's box, was read for the car too, and the car's violation named it.
    /// </summary>
    private static PlateCandidate? OwnPlate(IReadOnlyList<PlateCandidate> candidates, Rect crop, TrackSnapshot track, IReadOnlyList<TrackSnapshot> tracks)
    {
        // Tentative and lost vehicles too: the motorbike in front is often missed for a frame or only just found.
        var inFront = tracks.Where(other => other.TrackId != track.TrackId && other.Family == ClassFamily.Vehicle
                                            && other.Box.Area < track.Box.Area && other.Box.IntersectionArea(track.Box) > 0)
            .Select(other => other.Box).ToList();
        return candidates.FirstOrDefault(candidate =>
        {
            var inFrame = new BoundingBox(candidate.Box.Left + crop.X, candidate.Box.Top + crop.Y, candidate.Box.Right + crop.X, candidate.Box.Bottom + crop.Y);
            return !inFront.Any(box => box.HoldsCentreOf(inFrame));
        });
    }

    private void RaiseWatchlistHits(long trackId, TrackPlateState state, DateTimeOffset capturedAt, List<TrackWatchlistHit> newHits)
    {
        if (_watchlist is null || state.Consensus.Current is not { } consensus)
        {
            return;
        }

        // Only a plate read as surely as a valid one must be is matched (a foreign plate too, whatever its format): a
        // single weak read (a badge, a guess at 0.2) alerted the police about a wanted vehicle. The hit carries how sure
        // the read is (its weakest character), not the vote's share, which is 1.0 for a track read once.
        var readConfidence = consensus.CharacterConfidences is { Count: > 0 } characters ? characters.Min() : 0f;
        if (readConfidence < _reader.Grammar.MinimumConfidence)
        {
            return;
        }

        // Nor a single read the second reader contested (it read another plate): a second frame's read of the same text
        // confirms it (the consensus's supporting reads count similar texts too: a partial read beside it is no second).
        if (state.ReadsOf.TryGetValue(consensus.Text, out var reads) && reads is { Count: 1, FirstContested: true })
        {
            return;
        }

        foreach (var hit in state.Watchlist.Update(_watchlist.Match(consensus.Text, readConfidence)))
        {
            if (_cameraAlerts.ShouldRaise(hit, capturedAt))
            {
                newHits.Add(new TrackWatchlistHit(trackId, hit));
            }
        }
    }

    private void ForgetTracksThatEnded(IReadOnlyList<TrackSnapshot> tracks)
    {
        _gone.Clear();
        foreach (var trackId in _tracks.Keys)
        {
            if (!tracks.Any(t => t.TrackId == trackId))
            {
                _gone.Add(trackId);
            }
        }

        _gone.ForEach(trackId => _tracks.Remove(trackId));
    }

    /// <summary>Variance of the Laplacian: high for crisp edges, low for blur.</summary>
    private static double Sharpness(Mat crop)
    {
        using var gray = new Mat();
        Cv2.CvtColor(crop, gray, ColorConversionCodes.BGR2GRAY);
        using var laplacian = new Mat();
        Cv2.Laplacian(gray, laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(laplacian, out _, out var deviation);
        return deviation.Val0 * deviation.Val0;
    }

    /// <summary>How many reads gave a text, and whether the second reader contested the first (it read another plate).</summary>
    private readonly record struct TextReads(int Count, bool FirstContested);

    private sealed class TrackPlateState
    {
        public PlateConsensus Consensus { get; } = new();

        public long LastReadSequence { get; set; } = long.MinValue / 2;

        public TrackWatchlistAlerts Watchlist { get; } = new();

        /// <summary>The reads that gave each text exactly; a consensus no single read gave (a per-character vote may make
        /// one) is not in it and is matched as it stands.</summary>
        public Dictionary<string, TextReads> ReadsOf { get; } = new(StringComparer.Ordinal);

        /// <summary>The models whose reads the consensus holds (and the locator that cut their crops), first used first.</summary>
        public List<ModelIdentity> Models { get; } = [];

        public void Use(IEnumerable<ModelIdentity> models)
        {
            foreach (var model in models)
            {
                if (!Models.Contains(model))
                {
                    Models.Add(model);
                }
            }
        }
    }
}
