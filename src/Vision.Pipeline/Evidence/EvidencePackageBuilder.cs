using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Evidence.Files;
using Vision.Evidence.Verification;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Builds one signed evidence package from a violation and the camera's buffered frames: key frames (the camera's
/// JPEG bytes as captured, never re-encoded), an MP4 clip, an annotated overview, the plate crop, optionally a
/// privacy-redacted copy of the images, then the manifest and its signature last, and commits it to the store.
/// CPU-bound and synchronous: run it off the camera loop.
/// </summary>
public sealed class EvidencePackageBuilder
{
    private static readonly string SoftwareVersion =
        typeof(EvidencePackageBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>How fast a slow case's time-lapse clip plays (its frames are a minute apart).</summary>
    public const double TimeLapseFramesPerSecond = 2;

    private readonly IEvidenceStore _store;
    private readonly EvidenceSigningKey _key;
    private readonly EvidenceOptions _options;
    private readonly TimeProvider _time;
    private readonly EvidenceRedaction? _redaction;

    public EvidencePackageBuilder(IEvidenceStore store, EvidenceSigningKey key, EvidenceOptions options, TimeProvider time, EvidenceRedaction? redaction = null)
    {
        _store = store;
        _key = key;
        _options = options;
        _time = time;
        _redaction = redaction;
    }

    /// <summary>The earliest and latest capture times whose frames a package for <paramref name="candidate"/> uses.</summary>
    public (DateTimeOffset From, DateTimeOffset To) FrameWindow(ViolationCandidate candidate)
    {
        var keyFrameTimes = candidate.KeyFrames.Select(k => k.CapturedAt).ToList();
        var from = Min(candidate.OccurredAt - Max(_options.ClipBefore, _options.KeyFrameSpacing), keyFrameTimes.DefaultIfEmpty(candidate.OccurredAt).Min());
        var to = Max(candidate.OccurredAt + Max(_options.ClipAfter, _options.KeyFrameSpacing), keyFrameTimes.DefaultIfEmpty(candidate.OccurredAt).Max());
        return (from, to);
    }

    /// <param name="vehicles">Where the camera's tracker had the vehicles in these frames (redaction reuses it); by default redaction detects them.</param>
    public EvidenceBuildResult Build(
        ViolationCandidate candidate, CameraDefinition camera, IReadOnlyList<EncodedFrame> frames, CancellationToken cancellationToken, TrackedVehicles? vehicles = null)
    {
        var ordered = frames.OrderBy(f => f.Sequence).ToList();
        var keyFrames = KeyFrameSelection.Select(candidate, ordered, _options.KeyFrameSpacing);
        var at = keyFrames.FirstOrDefault(k => k.Role == KeyFrameRole.At).Frame;
        if (at is null)
        {
            return EvidenceBuildResult.Failed($"no buffered frame of camera '{camera.Id}' near the violation frame {candidate.Sequence}");
        }

        if (StoredPackageOf(candidate) is { } alreadyStored)
        {
            // The same violation again (a replayed recording): the sealed package stands; nothing is rebuilt.
            return new EvidenceBuildResult(alreadyStored, null, new EvidenceBuildTimings(default, default, default, default, default, default), 0, 0, AlreadyStored: true);
        }

        // The id is taken by another violation's package (StoredPackageOf found none of this one's): this one takes its own.
        var packageId = _store.Locate(PackageId.For(candidate)) is null ? PackageId.For(candidate) : PackageId.DisambiguatedFor(candidate);
        using var draft = _store.BeginPackage(packageId);
        var clock = Stopwatch.StartNew();
        var manifestKeyFrames = WriteKeyFrames(draft, keyFrames);
        var keyFramesTime = Lap(clock);
        cancellationToken.ThrowIfCancellationRequested();

        var clip = WriteClip(draft, candidate, camera, ordered, cancellationToken);
        var clipTime = Lap(clock);
        cancellationToken.ThrowIfCancellationRequested();

        using var atImage = Cv2.ImDecode(at.Jpeg.Span, ImreadModes.Color | ImreadModes.IgnoreOrientation);
        if (atImage.Empty())
        {
            return EvidenceBuildResult.Failed($"the violation frame {at.Sequence} could not be decoded");
        }

        var stills = WriteStills(draft, candidate, camera, at, atImage, clock);
        cancellationToken.ThrowIfCancellationRequested();

        var redaction = WriteRedactedCopy(draft, candidate, vehicles, keyFrames, at, stills.Annotation, clip, cancellationToken);
        var redactionTime = Lap(clock);

        var manifest = Manifest(candidate, camera, draft, stills.Plate, manifestKeyFrames, clip.Manifest, stills.ChartName, redaction);
        return Seal(candidate, draft, manifest, keyFrames.Count, clip.Clip?.FrameCount ?? 0,
            clock, new EvidenceBuildTimings(keyFramesTime, clipTime, stills.OverviewTime, stills.PlateTime, redactionTime, default));
    }

    /// <summary>The annotated overview (with a slow case's occupancy chart) and the plate or vehicle crop, from the violation frame.</summary>
    private WrittenStills WriteStills(PackageDraft draft, ViolationCandidate candidate, CameraDefinition camera, EncodedFrame at, Mat atImage, Stopwatch clock)
    {
        var plateText = candidate.Plate?.Consensus is { } consensus ? consensus.FormattedText ?? consensus.Text : null;
        var annotation = Annotation(candidate, camera, at, atImage, plateText);
        var chartName = WriteOverview(draft, candidate, atImage, annotation);
        var overviewTime = Lap(clock);
        // A slow case rests on a zone, not a vehicle: no plate or vehicle crop.
        var plate = candidate.Episode is null ? WritePlateCrop(draft, candidate, atImage, plateText) : null;
        return new WrittenStills(annotation, chartName, plate, overviewTime, Lap(clock));
    }

    /// <summary>The privacy-redacted copy of the key frames, the overview and (by option) the clip; null when none is written.</summary>
    private ManifestRedaction? WriteRedactedCopy(PackageDraft draft, ViolationCandidate candidate, TrackedVehicles? vehicles,
        IReadOnlyList<(KeyFrameRole Role, EncodedFrame Frame)> keyFrames, EncodedFrame at, OverviewAnnotation annotation, WrittenClip clip,
        CancellationToken cancellationToken) =>
        _options.WriteRedactedCopy && _redaction is not null
            ? _redaction.Write(draft, candidate, vehicles ?? TrackedVehicles.None, keyFrames, image => Annotated(image, annotation), at.Sequence,
                _options.OverviewJpegQuality, _options.RedactClip && clip.Clip is not null ? clip.Frames : null, clip.FramesPerSecond, cancellationToken)
            : null;

    private List<ManifestKeyFrame> WriteKeyFrames(PackageDraft draft, IReadOnlyList<(KeyFrameRole Role, EncodedFrame Frame)> keyFrames)
    {
        var manifestKeyFrames = new List<ManifestKeyFrame>();
        for (var i = 0; i < keyFrames.Count; i++)
        {
            var (role, frame) = keyFrames[i];
            var name = $"keyframes/{i + 1:00}-{role.ToString().ToLowerInvariant()}-{frame.Sequence}.jpg";
            draft.WriteFile(name, "key-frame", frame.Jpeg.Span);
            manifestKeyFrames.Add(new ManifestKeyFrame(name, role.ToString(), frame.Sequence, frame.CapturedAt.ToUniversalTime(), Local(frame.CapturedAt)));
        }

        return manifestKeyFrames;
    }

    /// <summary>The H.264 clip around the violation; a slow case's clip is its time-lapse (every frame it was given, a minute apart).</summary>
    private WrittenClip WriteClip(PackageDraft draft, ViolationCandidate candidate, CameraDefinition camera, List<EncodedFrame> ordered,
        CancellationToken cancellationToken)
    {
        var slowCase = candidate.Episode;
        var clipFrames = slowCase is not null
            ? ordered
            : ordered.Where(f => f.CapturedAt >= candidate.OccurredAt - _options.ClipBefore && f.CapturedAt <= candidate.OccurredAt + _options.ClipAfter).ToList();
        var clipFramesPerSecond = slowCase is not null ? TimeLapseFramesPerSecond : camera.ExpectedFramesPerSecond;
        const string ClipName = "clip.mp4";
        var clip = EvidenceClipWriter.Write(draft.PathOf(ClipName), clipFrames, clipFramesPerSecond, timeLapse: slowCase is not null, cancellationToken);
        ManifestClip? manifestClip = null;
        if (clip is not null)
        {
            draft.AddWrittenFile(ClipName, "clip");
            manifestClip = new ManifestClip(ClipName, clip.Codec, clip.FrameCount, clip.FramesPerSecond, clip.FirstSequence, clip.LastSequence,
                clipFrames[0].CapturedAt.ToUniversalTime(), clipFrames[^1].CapturedAt.ToUniversalTime());
        }
        else if (File.Exists(draft.PathOf(ClipName)))
        {
            File.Delete(draft.PathOf(ClipName));
        }

        return new WrittenClip(clip, manifestClip, clipFrames, clipFramesPerSecond);
    }

    private OverviewAnnotation Annotation(ViolationCandidate candidate, CameraDefinition camera, EncodedFrame at, Mat atImage, string? plateText)
    {
        var slowCase = candidate.Episode;
        return new OverviewAnnotation(camera.Name, camera.Id, Local(at.CapturedAt), at.Sequence,
            candidate.Kind.ToString(), candidate.Legal?.ToString(), candidate.ZoneName, LightStateAt(candidate)?.ToString(), plateText,
            slowCase is null ? $"{candidate.ObjectClass} #{candidate.TrackId}" : $"{candidate.ObjectClass} ({slowCase.Measure} peak {slowCase.Peak:0.##})",
            candidate.Box, [.. candidate.Path.Select(p => p.Box)])
        {
            ZoneOutline = slowCase is null ? [] : [.. slowCase.ZonePolygon.Select(p => p.ToPixels(atImage.Width, atImage.Height))],
        };
    }

    private static Mat Annotated(Mat image, OverviewAnnotation annotation)
    {
        var overview = image.Clone();
        OverviewAnnotator.Draw(overview, annotation);
        return overview;
    }

    /// <returns>The occupancy chart's file name (a slow case's), or null.</returns>
    private string? WriteOverview(PackageDraft draft, ViolationCandidate candidate, Mat atImage, OverviewAnnotation annotation)
    {
        using (var overview = Annotated(atImage, annotation))
        {
            draft.WriteFile("overview.jpg", "overview", Encode(overview));
        }

        if (candidate.Episode is not { } slowCase)
        {
            return null;
        }

        const string ChartName = "occupancy-chart.png";
        draft.WriteFile(ChartName, "occupancy-chart", OccupancyChart.Draw(slowCase, _options.LocalUtcOffset));
        return ChartName;
    }

    private EvidenceManifest Manifest(ViolationCandidate candidate, CameraDefinition camera, PackageDraft draft, ManifestPlate? plate,
        List<ManifestKeyFrame> keyFrames, ManifestClip? clip, string? chartName, ManifestRedaction? redaction) => new()
    {
        PackageId = draft.PackageId,
        ViolationId = candidate.Id,
        ViolationKind = candidate.Kind.ToString(),
        Legal = candidate.Legal is { } legal
            ? new ManifestLegalReference(legal.Instrument, legal.Article, legal.Clause, legal.Point, legal.Code, legal.Fine.MinimumVnd, legal.Fine.MaximumVnd)
            : null,
        Camera = new ManifestCamera(camera.Id, camera.Name, camera.Latitude, camera.Longitude),
        Occurred = new ManifestMoment(candidate.Sequence, candidate.OccurredAt.ToUniversalTime(), Local(candidate.OccurredAt)),
        Vehicle = new ManifestVehicle(candidate.TrackId, candidate.ObjectClass, ToManifest(candidate.Box),
            [.. candidate.Path.Select(p => new ManifestTrackPoint(p.Sequence, p.CapturedAt.ToUniversalTime(), ToManifest(p.Box)))],
            candidate.RelatedTrackIds),
        Plate = plate,
        ZoneName = candidate.ZoneName,
        Measurements = [.. candidate.Measurements.Select(m => new ManifestMeasurement(m.Name, m.Value, m.Unit))],
        LightTimeline = [.. candidate.LightTimeline.Select(l => new ManifestLightChange(l.LightId, l.State.ToString(), l.Sequence, l.CapturedAt.ToUniversalTime()))],
        LightStateAtViolation = LightStateAt(candidate)?.ToString(),
        Provenance = new ManifestProvenance(candidate.Provenance.SceneId, candidate.Provenance.SceneVersion, candidate.Provenance.SceneSha256, candidate.Provenance.RuleName),
        Models = [.. candidate.Models.Select(m => new ManifestModel(m.Name, m.Sha256))],
        Software = new ManifestSoftware("Vision", SoftwareVersion),
        KeyFrames = keyFrames,
        Clip = clip,
        Episode = candidate.Episode is { } slowCase ? ToManifest(slowCase, chartName) : null,
        Redaction = redaction,
        SealedAtUtc = _time.GetUtcNow(),
        Signing = new ManifestSigning(PackageLayout.SignatureAlgorithm, _key.KeyId),
        Files = [.. draft.Files],
    };

    /// <summary>Signs the manifest and commits the package; another build of the same violation may have sealed it first.</summary>
    private EvidenceBuildResult Seal(ViolationCandidate candidate, PackageDraft draft, EvidenceManifest manifest, int keyFrameCount, int clipFrameCount,
        Stopwatch clock, EvidenceBuildTimings timings)
    {
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, EvidenceJsonContext.Manifest.EvidenceManifest);
        draft.Seal(manifestBytes, _key.Sign(manifestBytes));
        var committed = _store.Commit(draft);
        // Not stored: another build of the same violation sealed it first (under whichever of its ids), and that package stands.
        var reference = committed ? new EvidenceReference(draft.PackageId, draft.ManifestSha256!) : StoredPackageOf(candidate);
        if (reference is null)
        {
            return EvidenceBuildResult.Failed($"package id {draft.PackageId} holds another violation's package, sealed while this one was built");
        }

        return new EvidenceBuildResult(reference, null, timings with { SealAndCommit = Lap(clock) }, keyFrameCount, clipFrameCount, AlreadyStored: !committed);
    }

    private sealed record WrittenClip(EvidenceClip? Clip, ManifestClip? Manifest, List<EncodedFrame> Frames, double FramesPerSecond);

    private sealed record WrittenStills(OverviewAnnotation Annotation, string? ChartName, ManifestPlate? Plate, TimeSpan OverviewTime, TimeSpan PlateTime);

    private ManifestPlate? WritePlateCrop(PackageDraft draft, ViolationCandidate candidate, Mat atImage, string? plateText)
    {
        var consensus = candidate.Plate?.Consensus;
        if (consensus is { BestObservation.CropJpeg.Length: > 0 })
        {
            // The plate reader's own best crop, as it was encoded when read.
            draft.WriteFile("plate.jpg", "plate-crop", consensus.BestObservation.CropJpeg.Span);
            return new ManifestPlate(consensus.Text, plateText, consensus.IsValidPlate, consensus.Score, consensus.SupportingReads,
                consensus.BestObservation.FrameSequence, "consensus");
        }

        // No plate crop from the reader: the vehicle itself, with a margin, from the violation frame.
        var box = candidate.Box;
        var marginX = box.Width * 0.08f;
        var marginY = box.Height * 0.08f;
        var region = new BoundingBox(box.Left - marginX, box.Top - marginY, box.Right + marginX, box.Bottom + marginY).ClampTo(atImage.Width, atImage.Height);
        var rect = new Rect((int)region.Left, (int)region.Top, (int)Math.Ceiling(region.Width), (int)Math.Ceiling(region.Height));
        rect = rect.Intersect(new Rect(0, 0, atImage.Width, atImage.Height));
        if (rect.Width < 2 || rect.Height < 2)
        {
            return consensus is null ? null : new ManifestPlate(consensus.Text, plateText, consensus.IsValidPlate, consensus.Score, consensus.SupportingReads, null, "none");
        }

        using var crop = new Mat(atImage, rect);
        draft.WriteFile("vehicle.jpg", "vehicle-crop", Encode(crop));
        return new ManifestPlate(consensus?.Text, plateText, consensus?.IsValidPlate ?? false, consensus?.Score, consensus?.SupportingReads, candidate.Sequence, "vehicle");
    }

    /// <summary>
    /// What the governing lights showed at the violation frame, each by its own latest change: red when any head was
    /// red (the rule fines on any), else their common state, else unknown. The latest change of any head, taken alone,
    /// named a second head's late "unknown" (hidden by a bus) on a red-light violation's signed evidence.
    /// </summary>
    internal static TrafficLightState? LightStateAt(ViolationCandidate candidate)
    {
        if (candidate.LightTimeline.Count == 0)
        {
            return null;
        }

        var states = candidate.LightTimeline.Where(l => l.Sequence <= candidate.Sequence).GroupBy(l => l.LightId)
            // The last change of each head in timeline order: after an outage its Unknown and the red read next share a sequence.
            .Select(light => light.OrderBy(l => l.Sequence).Last().State).Distinct().ToList();
        return states.Contains(TrafficLightState.Red) ? TrafficLightState.Red
            : states is [var common] ? common
            : TrafficLightState.Unknown;
    }

    /// <summary>
    /// The violation's package if one was already sealed (a replay, or a process stopped before recording it), under its
    /// id, the id it takes when that one holds another violation's package (<see cref="PackageId.DisambiguatedFor"/>),
    /// or the id's earlier form (<see cref="PackageId.LegacyFor"/>). A package whose manifest names another
    /// violation is never taken: before camera ids were escaped, camera <c>cam_1</c>'s packages had camera <c>cam-1</c>'s ids.
    /// </summary>
    public EvidenceReference? StoredPackageOf(ViolationCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var packageId = PackageId.For(candidate);
        string[] ids = [.. new[] { packageId, PackageId.DisambiguatedFor(candidate), PackageId.LegacyFor(candidate) }.Distinct(StringComparer.Ordinal)];
        foreach (var id in ids)
        {
            if (_store.Locate(id) is not { } folder)
            {
                continue;
            }

            if (ManifestBytesIn(folder) is not { } manifestBytes)
            {
                continue;
            }

            // An unreadable manifest under the current id is still this violation's package (damaged: review shows it altered).
            var violationId = ViolationIdIn(manifestBytes);
            if (violationId == candidate.Id || (violationId is null && id == packageId))
            {
                return new EvidenceReference(id, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
            }
        }

        return null;
    }

    /// <summary>
    /// The folder's manifest, or null when there is none to read: deleted, unreadable, or not a plain file (a FIFO would
    /// block the read, and with it the recovery of every later violation). Nothing can be linked to such a package.
    /// </summary>
    private static byte[]? ManifestBytesIn(string folder)
    {
        var path = Path.Combine(folder, PackageLayout.ManifestFile);
        try
        {
            return PlainFiles.IsPlainFile(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ViolationIdIn(byte[] manifestBytes)
    {
        try
        {
            return JsonSerializer.Deserialize(manifestBytes, EvidenceJsonContext.Manifest.EvidenceManifest)?.ViolationId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] Encode(Mat image) => image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, _options.OverviewJpegQuality));

    private DateTimeOffset Local(DateTimeOffset time) => time.ToOffset(_options.LocalUtcOffset);

    private static ManifestBox ToManifest(BoundingBox box) => new(box.Left, box.Top, box.Right, box.Bottom);

    private ManifestEpisode ToManifest(SlowCaseEpisode episode, string? chart) => new(
        new ManifestMoment(episode.StartSequence, episode.StartedAt.ToUniversalTime(), Local(episode.StartedAt)),
        new ManifestMoment(episode.EndSequence, episode.EndedAt.ToUniversalTime(), Local(episode.EndedAt)),
        episode.ClearedSequence,
        episode.Duration.TotalSeconds,
        episode.Measure,
        episode.Limit,
        episode.Peak,
        [.. episode.Samples.Select(s => new ManifestSample(s.Sequence, s.CapturedAt.ToUniversalTime(), s.Value))],
        [.. episode.ZonePolygon.Select(p => (IReadOnlyList<double>)[p.X, p.Y])],
        chart);

    private static TimeSpan Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed;
        clock.Restart();
        return elapsed;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
