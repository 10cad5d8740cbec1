using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// The copy of a package's images that may be shown outside the police (<c>redacted/</c>): in every key frame, the
/// overview and (optionally) every clip frame, faces (YuNet, via <see cref="PrivacyRedactor"/>) and the plates of every
/// vehicle other than the offender's are obscured. Other vehicles come from the camera's tracker for the frames it
/// processed, otherwise from the detector; their plates from the plate locator, and where it finds none (or there is
/// no locator, or for clip frames) the vehicle below its top third, where plates are mounted (PlateBand), is obscured instead. Key
/// frames and the overview are also searched whole, so plate-like text outside the offender's box is obscured even on
/// vehicles nobody detected. The originals stay untouched in the package for the police review.
/// </summary>
public sealed class EvidenceRedaction
{
    private const float VehicleConfidence = 0.3f;
    private const float SameVehicleIou = 0.5f;

    /// <summary>A tracked box this close to the offender's is the offender tracked twice, not a bystander.</summary>
    private const float TwinTrackIou = 0.85f;
    private const float VehicleMargin = 0.05f;
    private const int PlateCandidatesPerVehicle = 3;
    private const int WholeImagePlateCandidates = 10;
    private static readonly string[] VehicleClasses = ["car", "motorcycle", "bus", "truck", "bicycle"];

    private readonly PrivacyRedactor _redactor;
    private readonly ObjectDetector _vehicles;
    private readonly IPlateLocator? _plates;

    public EvidenceRedaction(PrivacyRedactor redactor, ObjectDetector vehicleDetector, IPlateLocator? plateLocator)
    {
        _redactor = redactor;
        _vehicles = vehicleDetector;
        _plates = plateLocator;
    }

    /// <summary>Redacts one image: returns the copy (the caller disposes it) and what was obscured.</summary>
    /// <param name="offender">The offender's box in this image; its plate stays readable.</param>
    /// <param name="thorough">Find other vehicles' plates with the locator and search faces in tiles too; false obscures the lower
    /// third of every other vehicle and searches faces in the whole image only (cheaper, for clips).</param>
    /// <param name="knownVehicles">The other vehicles' boxes as the camera's tracker had them; null runs the detector.</param>
    public RedactedImage Redact(Mat bgrImage, BoundingBox? offender, out int otherVehicles, bool thorough = true, IReadOnlyList<BoundingBox>? knownVehicles = null)
    {
        var regions = OtherVehiclePlates(bgrImage, offender, thorough, knownVehicles, out otherVehicles);
        return _redactor.Redact(bgrImage, regions, searchFaceTiles: thorough);
    }

    /// <summary>
    /// Writes <c>redacted/clip.mp4</c>: every clip frame with faces and every other vehicle's plate band obscured
    /// (no plate locator per frame: it would cost more than the rest of the package).
    /// </summary>
    internal EvidenceClip? WriteClip(PackageDraft draft, string name, ViolationCandidate candidate, TrackedVehicles vehicles,
        IReadOnlyList<EncodedFrame> clipFrames, double fallbackFramesPerSecond, ref int faces, ref int regions, CancellationToken cancellationToken)
    {
        var faceCount = 0;
        var regionCount = 0;
        var clip = EvidenceClipWriter.Write(draft.PathOf(name), clipFrames, fallbackFramesPerSecond, timeLapse: candidate.Episode is not null, cancellationToken, (image, frame) =>
        {
            // The writer disposes the returned image, which is all a RedactedImage owns.
            var redacted = RedactFrame(image, candidate, vehicles, frame.Sequence, thorough: false);
            faceCount += redacted.Faces.Count;
            regionCount += redacted.OtherRegions.Count;
            return redacted.Image;
        });
        faces += faceCount;
        regions += regionCount;
        return clip;
    }

    /// <summary>Writes <c>redacted/</c> copies of the key frames and of the overview into the draft.</summary>
    internal ManifestRedaction Write(PackageDraft draft, ViolationCandidate candidate, TrackedVehicles vehicles,
        IReadOnlyList<(KeyFrameRole Role, EncodedFrame Frame)> keyFrames, Func<Mat, Mat> annotateOverview, long atSequence, int jpegQuality,
        IReadOnlyList<EncodedFrame>? clipFrames, double fallbackFramesPerSecond, CancellationToken cancellationToken)
    {
        var faces = 0;
        var regions = 0;
        for (var i = 0; i < keyFrames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (role, frame) = keyFrames[i];
            using var image = Cv2.ImDecode(frame.Jpeg.Span, ImreadModes.Color | ImreadModes.IgnoreOrientation);
            if (image.Empty())
            {
                continue;
            }

            using var redacted = RedactFrame(image, candidate, vehicles, frame.Sequence, thorough: true);
            faces += redacted.Faces.Count;
            regions += redacted.OtherRegions.Count;
            var parameters = new ImageEncodingParam(ImwriteFlags.JpegQuality, jpegQuality);
            draft.WriteFile($"redacted/keyframes/{i + 1:00}-{role.ToString().ToLowerInvariant()}-{frame.Sequence}.jpg", "redacted-key-frame",
                redacted.Image.ImEncode(".jpg", parameters));
            if (frame.Sequence == atSequence)
            {
                using var overview = annotateOverview(redacted.Image);
                draft.WriteFile("redacted/overview.jpg", "redacted-overview", overview.ImEncode(".jpg", parameters));
            }
        }

        var clipFramesRedacted = 0;
        if (clipFrames is { Count: > 0 })
        {
            const string ClipName = "redacted/clip.mp4";
            var clip = WriteClip(draft, ClipName, candidate, vehicles, clipFrames, fallbackFramesPerSecond, ref faces, ref regions, cancellationToken);
            if (clip is not null)
            {
                draft.AddWrittenFile(ClipName, "redacted-clip");
                clipFramesRedacted = clip.FrameCount;
            }
        }

        return new ManifestRedaction(_redactor.FaceModel.Name, _redactor.FaceModel.Sha256, faces, regions, clipFramesRedacted);
    }

    /// <summary>One package frame: the tracker's boxes for it when there are any, the offender's path and the detector otherwise.</summary>
    private RedactedImage RedactFrame(Mat image, ViolationCandidate candidate, TrackedVehicles vehicles, long sequence, bool thorough) =>
        vehicles.TryGet(sequence, out var offender, out var others)
            ? Redact(image, offender ?? OffenderAt(candidate, sequence), out _, thorough, others)
            : Redact(image, OffenderAt(candidate, sequence), out _, thorough);

    private List<BoundingBox> OtherVehiclePlates(Mat image, BoundingBox? offender, bool locatePlates, IReadOnlyList<BoundingBox>? knownVehicles,
        out int otherVehicles)
    {
        // The detector's boxes hold the offender again (as close as SameVehicleIou); the tracker's are told apart by track
        // id, so a bystander overlapping the offender (two motorbikes side by side at the stop line) is another vehicle,
        // and dropped by overlap it kept its plate readable in the published copy. Only a twin track of the offender
        // itself (a pickup tracked as car and as truck) lies on its box, and would band the offender's own plate.
        List<BoundingBox> others = knownVehicles is null
            ? [.. DetectVehicles(image).Where(box => offender is not { } own || box.IntersectionOverUnion(own) < SameVehicleIou)]
            : [.. knownVehicles.Where(box => offender is not { } own || box.IntersectionOverUnion(own) < TwinTrackIou)];
        otherVehicles = others.Count;
        var regions = new List<BoundingBox>();
        foreach (var vehicle in others)
        {
            var plates = locatePlates ? Locate(image, vehicle) : [];
            // Plates found inside the offender's box are the offender's (a neighbour's box can overlap it).
            plates.RemoveAll(plate => offender?.HoldsCentreOf(plate) == true);
            regions.AddRange(plates);
            // Only a plate of its own spares a vehicle its band: one inside a smaller vehicle in front of it (a motorbike
            // stopped before a car) is that vehicle's, and the car's own may be where the locator missed it.
            var inFront = others.Where(other => other != vehicle && other.Area < vehicle.Area && other.IntersectionArea(vehicle) > 0).ToList();
            if (!plates.Any(plate => !inFront.Any(box => box.HoldsCentreOf(plate))))
            {
                regions.Add(PlateBand.Of(vehicle));
            }
        }

        if (locatePlates)
        {
            // Plates of vehicles the detector missed: every plate-like region of the whole frame outside the offender.
            regions.AddRange(LocateInWholeImage(image).Where(plate => offender?.HoldsCentreOf(plate) != true));
        }

        return regions;
    }

    private List<BoundingBox> LocateInWholeImage(Mat image) =>
        _plates is null ? [] : [.. _plates.Locate(image).Take(WholeImagePlateCandidates).Select(candidate => candidate.Box)];

    private List<BoundingBox> DetectVehicles(Mat image)
    {
        var detections = _vehicles.Detect(image);
        var vehicleIds = VehicleClasses.Select(name => detections.Classes.TryGetId(name, out var id) ? id : -1).Where(id => id >= 0).ToHashSet();
        return [.. detections.Detections.Where(d => vehicleIds.Contains(d.ClassId) && d.Confidence >= VehicleConfidence).Select(d => d.Box)];
    }

    private List<BoundingBox> Locate(Mat image, BoundingBox vehicle)
    {
        if (_plates is null)
        {
            return [];
        }

        var grown = new BoundingBox(vehicle.Left - vehicle.Width * VehicleMargin, vehicle.Top - vehicle.Height * VehicleMargin,
            vehicle.Right + vehicle.Width * VehicleMargin, vehicle.Bottom + vehicle.Height * VehicleMargin).ClampTo(image.Width, image.Height);
        var rect = new Rect((int)grown.Left, (int)grown.Top, (int)grown.Width, (int)grown.Height);
        if (rect.Width < 8 || rect.Height < 8)
        {
            return [];
        }

        using var crop = new Mat(image, rect);
        return [.. _plates.Locate(crop).Take(PlateCandidatesPerVehicle)
            .Select(candidate => new BoundingBox(candidate.Box.Left + rect.X, candidate.Box.Top + rect.Y, candidate.Box.Right + rect.X, candidate.Box.Bottom + rect.Y))];
    }

    /// <summary>
    /// Where the offender is in a frame the tracker gave no box for, or null when that is not known: then no vehicle is
    /// spared and every plate found is obscured (too much obscured in a published copy rather than a bystander's plate
    /// left readable). A slow case has no offender (its box is the zone's occupied region, where every vehicle is a
    /// bystander); a frame outside the offender's path (an "after" frame: the path ends at the violation) has none known.
    /// </summary>
    internal static BoundingBox? OffenderAt(ViolationCandidate candidate, long sequence)
    {
        if (candidate.Episode is not null)
        {
            return null;
        }

        if (sequence == candidate.Sequence)
        {
            return candidate.Box;
        }

        if (candidate.Path.Count == 0)
        {
            return null;
        }

        var first = candidate.Path.Min(point => point.Sequence);
        var last = candidate.Path.Max(point => point.Sequence);
        return sequence < first || sequence > last ? null : candidate.Path.MinBy(point => Math.Abs(point.Sequence - sequence)).Box;
    }
}
