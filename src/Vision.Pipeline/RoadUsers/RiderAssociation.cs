using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.RoadUsers;

/// <summary>
/// Turns detections into road users: a motorcycle or bicycle and the people riding it become one detection of the
/// vehicle's class, boxed by the union (so its bottom centre, the anchor the rules use, is where the wheels touch the
/// road), scored by the surer of the two halves and carrying its rider count. A weak two-wheeler box under a confident
/// rider is enough: the rider vouches for it. Another vehicle box that mostly covers a joined road user and scores
/// lower than it (a motorbike seen from behind is often also called a car) is the same object and is dropped.
/// People riding nothing stay people, and so does every other detection. In a stream, the evidence must also hold
/// over a few frames (<see cref="RiderAssociationOptions.MinMeanVehicleConfidence"/>), so the weak motorcycle boxes a
/// walking pedestrian's legs draw now and then never make the pedestrian a motorbike. The one place the camera
/// pipeline, photo analysis and triage join riders; not thread-safe (it reuses its buffers): one instance per caller,
/// one per camera for a stream.
/// </summary>
public sealed class RiderAssociation
{
    /// <summary>The IoU of a person's boxes in consecutive frames above which they are taken for the same person.</summary>
    public const float SamePersonIou = 0.3f;

    /// <summary>The share of the smaller of two rider boxes on one vehicle inside the other above which they are one rider.</summary>
    public const float SameRiderOverlap = 0.75f;

    /// <summary>The least share of a rider's lower half (hips to feet) that lies inside the vehicle's box.</summary>
    public const float MinLowerBodyInside = 0.4f;

    /// <summary>The IoU above which a weaker vehicle box is taken for the same object as a joined road user.</summary>
    public const float DuplicateVehicleIou = 0.5f;

    private readonly RiderAssociationOptions _options;
    private readonly int _personClassId;
    private readonly bool[] _isTwoWheeler;
    private readonly bool[] _isVehicle;
    private int[] _ridersOf = [];
    private int[] _riderOf = [];
    private BoundingBox[] _unionOf = [];
    private float[] _confidenceOf = [];
    private bool[] _dropped = [];
    private readonly bool _stream;
    private List<RiderEvidence> _previous = [];
    private List<RiderEvidence> _current = [];
    private readonly Stack<RiderEvidence> _spare = new();

    /// <param name="stream">
    /// True for a camera's consecutive frames: a person becomes a rider only on evidence that holds over frames. False
    /// for single photos: one frame's pair is enough.
    /// </param>
    public RiderAssociation(ObjectClasses classes, RiderAssociationOptions? options = null, bool stream = false)
    {
        _stream = stream;
        ArgumentNullException.ThrowIfNull(classes);
        _options = options ?? new RiderAssociationOptions();
        _personClassId = classes.TryGetId("person", out var person) ? person : -1;
        _isTwoWheeler = [.. classes.Names.Select(n => n is "motorcycle" or "motorbike" or "bicycle")];
        _isVehicle = [.. classes.Names.Select(n => Tracking.ClassFamilies.Of(n) == Tracking.ClassFamily.Vehicle)];
    }

    /// <summary>The road users among <paramref name="detections"/>, in the order of the detections they stem from.</summary>
    public Detection[] Associate(IReadOnlyList<Detection> detections)
    {
        var roadUsers = new List<Detection>(detections.Count);
        Associate(detections, roadUsers, null);
        return [.. roadUsers];
    }

    /// <summary>
    /// Adds the road users among <paramref name="detections"/> to <paramref name="roadUsers"/> (in the order of the
    /// detections they stem from) and, when given, the index of each one's source detection (the vehicle of a pair) to
    /// <paramref name="sources"/>.
    /// </summary>
    public void Associate(IReadOnlyList<Detection> detections, List<Detection> roadUsers, List<int>? sources)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(roadUsers);
        var count = detections.Count;
        EnsureCapacity(count);
        var anyRider = false;
        for (var i = 0; i < count; i++)
        {
            _ridersOf[i] = 0;
            _riderOf[i] = -1;
            _dropped[i] = false;
            _unionOf[i] = detections[i].Box;
            _confidenceOf[i] = detections[i].Confidence;
        }

        if (_personClassId >= 0 && _options.JoinRiders)
        {
            for (var p = 0; p < count; p++)
            {
                var person = detections[p];
                // In a stream even an unsure person carries their evidence on to the next frame.
                var minimum = _stream ? _options.MinVehicleConfidence : _options.MinRiderConfidence;
                if (person.ClassId != _personClassId || person.Confidence < minimum)
                {
                    continue;
                }

                var vehicle = BestVehicleUnder(person.Box, detections);
                var holds = !_stream || HoldsOverFrames(person.Box, vehicle < 0 ? 0 : detections[vehicle].Confidence, vehicle >= 0);
                if (vehicle < 0 || !holds || person.Confidence < _options.MinRiderConfidence)
                {
                    continue;
                }

                if (IsSameRiderAgain(person.Box, vehicle, p, detections))
                {
                    _dropped[p] = true;
                    continue;
                }

                anyRider = true;
                _dropped[p] = true;
                _ridersOf[vehicle]++;
                _riderOf[p] = vehicle;
                _unionOf[vehicle] = _unionOf[vehicle].Union(person.Box);
                _confidenceOf[vehicle] = MathF.Max(_confidenceOf[vehicle], person.Confidence);
            }
        }

        if (_stream)
        {
            ForgetUnseenPeople();
        }

        if (anyRider)
        {
            DropDuplicateVehicles(detections);
        }

        for (var i = 0; i < count; i++)
        {
            if (_dropped[i])
            {
                continue;
            }

            roadUsers.Add(_ridersOf[i] == 0
                ? detections[i]
                : detections[i] with { Box = _unionOf[i], Confidence = _confidenceOf[i], Riders = _ridersOf[i] });
            sources?.Add(i);
        }
    }

    /// <summary>
    /// Whether a person's box sits on a two-wheeler's box the way a rider does: the person's middle over the vehicle,
    /// the head above its top, the feet in its lower three quarters and not below its wheels, and at least
    /// <see cref="MinLowerBodyInside"/> of the lower half of the body inside it. A pedestrian next to or in front of a
    /// parked motorbike fails on the feet or the overlap.
    /// </summary>
    public static bool IsRiding(BoundingBox person, BoundingBox vehicle) => LowerBodyInside(person, vehicle) >= MinLowerBodyInside;

    private static float LowerBodyInside(BoundingBox person, BoundingBox vehicle)
    {
        if (person.Height <= 0 || vehicle.Height < 0.25f * person.Height
            || person.CenterX < vehicle.Left || person.CenterX > vehicle.Right
            || person.Top >= vehicle.Top
            || person.Bottom < vehicle.Top + 0.25f * vehicle.Height
            || person.Bottom > vehicle.Bottom + 0.15f * person.Height
            || vehicle.Bottom < person.Bottom - 0.1f * person.Height)
        {
            return 0;
        }

        var lowerBody = person with { Top = person.CenterY };
        return lowerBody.IntersectionArea(vehicle) / lowerBody.Area;
    }

    // NMS keeps a second, overlapping person box of one rider now and then: it is not another person on the seat. Such a
    // box is most of the rider, or shares their head; a child seated in front of the driver lies wholly inside the
    // driver's box too, but small and lower, and was dropped (two adults and two children counted as three).
    private bool IsSameRiderAgain(BoundingBox person, int vehicle, int personIndex, IReadOnlyList<Detection> detections)
    {
        for (var other = 0; other < personIndex; other++)
        {
            var box = detections[other].Box;
            var smaller = MathF.Min(person.Area, box.Area);
            if (_riderOf[other] == vehicle && box.IntersectionArea(person) >= SameRiderOverlap * smaller
                && (smaller >= 0.5f * MathF.Max(person.Area, box.Area) || MathF.Abs(box.Top - person.Top) <= 0.15f * MathF.Max(person.Height, box.Height)))
            {
                return true;
            }
        }

        return false;
    }

    private int BestVehicleUnder(BoundingBox person, IReadOnlyList<Detection> detections)
    {
        var best = -1;
        var bestInside = MinLowerBodyInside;
        var bestConfidence = 0f;
        for (var v = 0; v < detections.Count; v++)
        {
            var vehicle = detections[v];
            if (!_isTwoWheeler[vehicle.ClassId] || vehicle.Confidence < _options.MinVehicleConfidence)
            {
                continue;
            }

            var inside = LowerBodyInside(person, vehicle.Box);
            // Within a few percent the surer box wins: NMS leaves near-twins of one motorbike at different scores.
            if (inside >= bestInside + 0.05f || (inside >= bestInside - 0.05f && inside >= MinLowerBodyInside && vehicle.Confidence > bestConfidence))
            {
                best = v;
                bestInside = MathF.Max(inside, bestInside);
                bestConfidence = vehicle.Confidence;
            }
        }

        return best;
    }

    // A vehicle box that is the same object as a joined road user (another two-wheeler box of it, or the car the
    // detector also saw in it), scoring no higher than the road user, adds nothing but a second object.
    private void DropDuplicateVehicles(IReadOnlyList<Detection> detections)
    {
        for (var joined = 0; joined < detections.Count; joined++)
        {
            if (_ridersOf[joined] == 0)
            {
                continue;
            }

            for (var other = 0; other < detections.Count; other++)
            {
                if (other == joined || _dropped[other] || _ridersOf[other] > 0 || !_isVehicle[detections[other].ClassId]
                    || detections[other].Confidence > _confidenceOf[joined])
                {
                    continue;
                }

                var box = detections[other].Box;
                if (box.IntersectionOverUnion(_unionOf[joined]) >= DuplicateVehicleIou
                    || box.IntersectionOverUnion(detections[joined].Box) >= DuplicateVehicleIou)
                {
                    _dropped[other] = true;
                }
            }
        }
    }

    // A person's two-wheeler evidence carried over from the previous frame: the best-overlapping person box there, or,
    // when none overlaps enough (a rider crossing the frame moves more than their box's width in a few frames), the
    // nearest box of about the same size within one box width sideways and half a box height up or down.
    private bool HoldsOverFrames(BoundingBox person, float vehicleConfidence, bool onVehicle)
    {
        RiderEvidence? before = null;
        var bestIou = SamePersonIou;
        foreach (var candidate in _previous)
        {
            var iou = candidate.Box.IntersectionOverUnion(person);
            if (!candidate.Claimed && iou >= bestIou)
            {
                before = candidate;
                bestIou = iou;
            }
        }

        if (before is null)
        {
            var nearest = float.MaxValue;
            foreach (var candidate in _previous)
            {
                if (!candidate.Claimed && MovedWithin(candidate.Box, person) is { } distance && distance < nearest)
                {
                    before = candidate;
                    nearest = distance;
                }
            }
        }

        var evidence = _spare.Count > 0 ? _spare.Pop() : new RiderEvidence(_options.EvidenceFrames);
        evidence.Continue(before, person, vehicleConfidence);
        _current.Add(evidence);
        var isRider = onVehicle && ((before?.IsRider ?? false) || evidence.Mean >= _options.MinMeanVehicleConfidence);
        // A rider stays one through a frame or two without a two-wheeler under them while evidence remains.
        evidence.IsRider = isRider || ((before?.IsRider ?? false) && evidence.Mean > 0);
        return isRider;
    }

    /// <summary>How far the centre moved, when the boxes are of about the same size and the move is within the allowance.</summary>
    private static float? MovedWithin(BoundingBox before, BoundingBox now)
    {
        var widthRatio = now.Width / MathF.Max(1, before.Width);
        var heightRatio = now.Height / MathF.Max(1, before.Height);
        var dx = MathF.Abs((now.Left + now.Right - before.Left - before.Right) / 2);
        var dy = MathF.Abs((now.Top + now.Bottom - before.Top - before.Bottom) / 2);
        return widthRatio is >= 0.67f and <= 1.5f && heightRatio is >= 0.67f and <= 1.5f
            && dx <= MathF.Max(now.Width, before.Width) && dy <= MathF.Max(now.Height, before.Height) / 2
            ? MathF.Sqrt(dx * dx + dy * dy)
            : null;
    }

    // A person nobody in this frame took over keeps their evidence for one more frame: a passenger the detector missed
    // for a frame started again from nothing, and was no rider for the next three (a third person found in scattered
    // frames was never counted).
    private void ForgetUnseenPeople()
    {
        foreach (var candidate in _previous)
        {
            if (!candidate.Claimed && candidate.MissedFrames < 1)
            {
                candidate.MissedFrames++;
                _current.Add(candidate);
            }
            else
            {
                _spare.Push(candidate);
            }
        }

        _previous.Clear();
        (_previous, _current) = (_current, _previous);
    }

    private void EnsureCapacity(int count)
    {
        if (_ridersOf.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, 2 * _ridersOf.Length);
        _ridersOf = new int[size];
        _riderOf = new int[size];
        _unionOf = new BoundingBox[size];
        _confidenceOf = new float[size];
        _dropped = new bool[size];
    }

    /// <summary>One person's two-wheeler scores over the latest frames.</summary>
    private sealed class RiderEvidence(int frames)
    {
        private readonly float[] _scores = new float[frames];
        private int _next;

        public BoundingBox Box { get; private set; }

        public bool IsRider { get; set; }

        /// <summary>Taken over by a person of the next frame.</summary>
        public bool Claimed { get; private set; }

        /// <summary>Frames since the person was last seen.</summary>
        public int MissedFrames { get; set; }

        public float Mean { get; private set; }

        public void Continue(RiderEvidence? before, BoundingBox box, float score)
        {
            Box = box;
            Claimed = false;
            MissedFrames = 0;
            IsRider = false;
            if (before is null)
            {
                Array.Clear(_scores);
                _next = 0;
            }
            else
            {
                before.Claimed = true;
                before._scores.CopyTo(_scores, 0);
                _next = before._next;
            }

            _scores[_next] = score;
            _next = (_next + 1) % _scores.Length;
            var sum = 0f;
            foreach (var s in _scores)
            {
                sum += s;
            }

            Mean = sum / _scores.Length;
        }
    }
}
