namespace Vision.Evidence.Verification;

/// <summary>
/// The signed description of one evidence package (<c>manifest.json</c>): what happened, where, when, which law, which
/// configuration and models produced it, and the SHA-256 and size of every file. Its exact bytes are signed.
/// </summary>
public sealed record EvidenceManifest
{
    public const string CurrentFormat = "vision-evidence/1";

    public string Format { get; init; } = CurrentFormat;

    public required string PackageId { get; init; }

    public required string ViolationId { get; init; }

    public required string ViolationKind { get; init; }

    public ManifestLegalReference? Legal { get; init; }

    public required ManifestCamera Camera { get; init; }

    public required ManifestMoment Occurred { get; init; }

    public required ManifestVehicle Vehicle { get; init; }

    public ManifestPlate? Plate { get; init; }

    public string? ZoneName { get; init; }

    public IReadOnlyList<ManifestMeasurement> Measurements { get; init; } = [];

    public IReadOnlyList<ManifestLightChange> LightTimeline { get; init; } = [];

    /// <summary>The light state shown at the violation frame (the last change at or before it), or null when the rule has no light.</summary>
    public string? LightStateAtViolation { get; init; }

    public required ManifestProvenance Provenance { get; init; }

    public IReadOnlyList<ManifestModel> Models { get; init; } = [];

    public required ManifestSoftware Software { get; init; }

    public IReadOnlyList<ManifestKeyFrame> KeyFrames { get; init; } = [];

    public ManifestClip? Clip { get; init; }

    /// <summary>The privacy-redacted copy of the images, or null when none was made.</summary>
    public ManifestRedaction? Redaction { get; init; }

    /// <summary>When the package was sealed (service clock, UTC); everything else is capture time.</summary>
    public required DateTimeOffset SealedAtUtc { get; init; }

    public required ManifestSigning Signing { get; init; }

    /// <summary>Slow cases (street order): the episode, its measure over time and the zone; null for other violations.</summary>
    public ManifestEpisode? Episode { get; init; }

    /// <summary>Every file of the package except the manifest and its signature.</summary>
    public IReadOnlyList<ManifestFile> Files { get; init; } = [];
}

public sealed record ManifestLegalReference(string Instrument, int Article, int Clause, string Point, string Code, long FineMinimumVnd, long FineMaximumVnd);

public sealed record ManifestCamera(string Id, string Name, double Latitude, double Longitude);

/// <summary>A frame's capture time in UTC and in local time (Asia/Ho_Chi_Minh, +07:00), and its sequence number.</summary>
public sealed record ManifestMoment(long Sequence, DateTimeOffset CapturedAtUtc, DateTimeOffset CapturedAtLocal);

/// <summary>The vehicle's box at the violation frame and its track path (boxes in source pixels).</summary>
public sealed record ManifestVehicle(long TrackId, string ObjectClass, ManifestBox Box, IReadOnlyList<ManifestTrackPoint> Path, IReadOnlyList<long> RelatedTrackIds);

public sealed record ManifestBox(float Left, float Top, float Right, float Bottom);

public sealed record ManifestTrackPoint(long Sequence, DateTimeOffset CapturedAtUtc, ManifestBox Box);

/// <param name="CropSource">"consensus" when the crop is the plate reader's own best crop, "vehicle" when cut from the key frame around the vehicle.</param>
public sealed record ManifestPlate(string? Text, string? FormattedText, bool IsValidPlate, double? Score, int? SupportingReads, long? CropSequence, string CropSource);

public sealed record ManifestMeasurement(string Name, double Value, string Unit);

public sealed record ManifestLightChange(string LightId, string State, long Sequence, DateTimeOffset CapturedAtUtc);

public sealed record ManifestProvenance(string SceneId, int SceneVersion, string SceneSha256, string RuleName);

public sealed record ManifestModel(string Name, string Sha256);

public sealed record ManifestSoftware(string Name, string Version);

public sealed record ManifestKeyFrame(string File, string Role, long Sequence, DateTimeOffset CapturedAtUtc, DateTimeOffset CapturedAtLocal);

/// <param name="Codec">The FourCC of the video stream, "avc1" (H.264 with the frames' own timestamps) or "mp4v" (MPEG-4 Part 2 at an average rate, when no ffmpeg is installed), in an MP4 container.</param>
public sealed record ManifestClip(string File, string Codec, int FrameCount, double FramesPerSecond, long FirstSequence, long LastSequence, DateTimeOffset FirstCapturedAtUtc, DateTimeOffset LastCapturedAtUtc);

/// <param name="KeyId">Lowercase hex SHA-256 of the signing public key's SubjectPublicKeyInfo (DER).</param>
public sealed record ManifestSigning(string Algorithm, string KeyId);

/// <param name="Name">The file's path inside the package, '/'-separated.</param>
/// <param name="Role">What the file is: key-frame, clip, overview, plate-crop, redacted-overview, redacted-key-frame.</param>
public sealed record ManifestFile(string Name, string Role, string Sha256, long SizeBytes);

/// <summary>
/// How the redacted copy (<c>redacted/</c>) was made: the face model, how many faces and other regions (plates of other
/// vehicles) were obscured over all its images and clip frames, and how many clip frames it holds (0: no redacted clip).
/// </summary>
public sealed record ManifestRedaction(string FaceModel, string FaceModelSha256, int FacesObscured, int OtherRegionsObscured, int ClipFramesRedacted);

/// <summary>
/// A slow case's episode: first and last frame over the limit, the frame it was judged over (null when cut at the
/// maximum duration), what was measured against which limit, its peak and its values over time (<c>chart</c> file),
/// and the zone as drawn in the scene (normalised [x, y] points).
/// </summary>
public sealed record ManifestEpisode(
    ManifestMoment Start,
    ManifestMoment End,
    long? ClearedSequence,
    double DurationSeconds,
    string Measure,
    double Limit,
    double Peak,
    IReadOnlyList<ManifestSample> Samples,
    IReadOnlyList<IReadOnlyList<double>> Zone,
    string? Chart);

public sealed record ManifestSample(long Sequence, DateTimeOffset CapturedAtUtc, double Value);
