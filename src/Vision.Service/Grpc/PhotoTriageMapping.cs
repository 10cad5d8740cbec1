using ContractCategorySuggestion = Vision.Contracts.V1.CategorySuggestion;
using ContractExifFacts = Vision.Contracts.V1.ExifFacts;
using ContractTriageObject = Vision.Contracts.V1.TriageObject;
using ContractTriageObjectKind = Vision.Contracts.V1.TriageObjectKind;
using ContractTriageReason = Vision.Contracts.V1.TriageReason;
using ContractTriageTimings = Vision.Contracts.V1.TriageTimings;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Domain.Geography;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Categories;
using Vision.Pipeline.Triage.Exif;
using Vision.Service.Security;

namespace Vision.Service.Grpc;

/// <summary>Triage requests to pipeline types, triage results and refusals to contract messages.</summary>
public static class PhotoTriageMapping
{
    public const string ImageField = "image";
    public const string ReportedLocationField = "metadata.reported_location";

    /// <summary>The report metadata; a reported position outside WGS-84 ranges fails with INVALID_ARGUMENT / REPORT_POSITION_INVALID.</summary>
    private const long ReportedAtMinSeconds = 946_684_800; // 2000-01-01T00:00:00Z
    private const long ReportedAtMaxSeconds = 7_258_118_400; // 2200-01-01T00:00:00Z

    /// <summary>How far ahead of the server's clock a report may be dated (a backend's clock a little fast, local time sent as UTC).</summary>
    public static readonly TimeSpan MaxReportedAtLead = TimeSpan.FromDays(1);

    /// <param name="now">The server's clock: a report dated later than <see cref="MaxReportedAtLead"/> after it is refused.</param>
    public static ReportMetadata ToMetadata(PhotoMetadata? metadata, DateTimeOffset now)
    {
        if (metadata is null)
        {
            return ReportMetadata.None;
        }

        RequireMetadataText(metadata);
        GeoPosition? position = null;
        // (0, 0) is an empty GeoPoint, a client's "unknown" (no report to Huế comes from the Gulf of Guinea); taken as a
        // place it marked every photo as taken far away and searched for duplicates off Africa. EXIF reads it the same way.
        if (metadata.ReportedLocation is { } location && (location.Latitude != 0 || location.Longitude != 0))
        {
            position = new GeoPosition(location.Latitude, location.Longitude);
            if (!position.Value.IsValid)
            {
                throw Refusal("REPORT_POSITION_INVALID", ReportedLocationField,
                    $"The reported position {position} is not a WGS-84 position (latitude −90…90, longitude −180…180).");
            }
        }

        DateTimeOffset? reportedAt = null;
        if (metadata.ReportedAt is { } timestamp)
        {
            // Timestamp allows years 1–9999; a report is from this era, and the duplicate window is subtracted from it.
            if (timestamp.Seconds is < ReportedAtMinSeconds or > ReportedAtMaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
            {
                throw Refusal("REPORT_TIME_INVALID", "metadata.reported_at", $"The reported time {timestamp} is not between 2000 and 2200.");
            }

            reportedAt = timestamp.ToDateTimeOffset();
            if (reportedAt > now + MaxReportedAtLead)
            {
                // A report from the future would be the "earlier" report of every genuine one sent before its date.
                throw Refusal("REPORT_TIME_INVALID", "metadata.reported_at",
                    $"The reported time {reportedAt:O} is more than a day after this server's clock ({now:O}).");
            }
        }

        return new ReportMetadata(
            NullIfEmpty(metadata.Category),
            position,
            reportedAt,
            NullIfEmpty(metadata.Description),
            NullIfEmpty(metadata.ReporterId),
            NullIfEmpty(metadata.ReportId));
    }

    /// <summary>
    /// Refuses metadata text the store, the logs and the desk cannot take, before the photo is admitted: a report id
    /// holding a zero byte or kilobytes of text failed PostgreSQL's insert after the whole triage (INTERNAL), and a
    /// line break in it forged log lines.
    /// </summary>
    public static void RequireMetadataText(PhotoMetadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        ClientText.RequireLine(metadata.Category, "metadata.category");
        ClientText.RequireText(metadata.Description, "metadata.description");
        ClientText.RequireLine(metadata.ReporterId, "metadata.reporter_id");
        ClientText.RequireLine(metadata.ReportId, "metadata.report_id");
    }

    public static TriagePhotoResponse ToResponse(PhotoTriageResult result, string reportId)
    {
        var response = new TriagePhotoResponse
        {
            ReportId = reportId,
            ImageWidth = result.Width,
            ImageHeight = result.Height,
            ImageFormat = result.Header.Format.ToUpperInvariant(),
            Exif = ToMessage(result.Exif),
            LegitimacyScore = result.LegitimacyScore,
            Quality = new PhotoQuality
            {
                Sharpness = result.Quality.LaplacianVariance,
                MeanBrightness = result.Quality.MeanLuma,
                DarkFraction = result.Quality.DarkFraction,
                BrightFraction = result.Quality.BrightFraction,
            },
            PrivacySafeJpeg = ByteString.CopyFrom(result.PrivacySafeCopy.Jpeg),
            PrivacySafeWidth = result.PrivacySafeCopy.Width,
            PrivacySafeHeight = result.PrivacySafeCopy.Height,
            FacesObscured = result.PrivacySafeCopy.FacesObscured,
            PlatesObscured = result.PrivacySafeCopy.PlatesObscured,
            Fingerprint = ByteString.CopyFrom(result.Fingerprint.ToBytes()),
            Timings = ToMessage(result.Timings),
        };
        response.Models.AddRange(result.Models.Select(model => new ModelInfo { Name = model.Name, Sha256 = model.Sha256 }));
        response.Objects.AddRange(result.Objects.Select(found => new ContractTriageObject
        {
            ClassName = found.ClassName,
            Kind = ToMessage(found.Kind),
            Score = found.Confidence,
            Box = ToMessage(found.Box),
            ModelIndex = IndexOf(result, found.Model),
            LightColour = ToMessage(found.LightState),
        }));
        response.Plates.AddRange(result.Plates.Select(plate => new TriagePlate
        {
            Text = plate.Formatted,
            Valid = plate.IsValid,
            Confidence = plate.Confidence,
            Box = ToMessage(plate.Box),
            VehicleClass = plate.VehicleClass ?? string.Empty,
            Layout = plate.Layout.ToString(),
            ShownInPrivacyCopy = !result.PrivacySafeCopy.ObscuredPlates.Contains(plate.Box),
            CharacterConfidences = { plate.Text.CharacterConfidences ?? [] },
            InvalidReason = plate.Text.InvalidReason ?? string.Empty,
            Reads =
            {
                plate.Alternatives.Select(read => new TriagePlateRead
                {
                    Model = read.Model.Name, Text = read.Text.Normalized, Valid = read.Text.IsValid, Confidence = read.Confidence,
                }),
            },
        }));
        response.SuggestedCategories.AddRange(result.SuggestedCategories.Select(suggestion => new ContractCategorySuggestion
        {
            Category = suggestion.Category,
            Score = suggestion.Score,
            Evidence = suggestion.Evidence,
        }));
        response.Reasons.AddRange(result.Reasons.Select(reason => new ContractTriageReason { Code = reason.Code, Text = reason.Text, Effect = reason.Effect }));
        response.Duplicates.AddRange(result.Duplicates.Select(match => new DuplicateReport
        {
            ReportId = match.ReportId,
            HammingDistance = match.HammingDistance,
            ReportedAt = Timestamp.FromDateTimeOffset(match.ReportedAt),
            DistanceKm = match.DistanceKm ?? 0,
            HasDistance = match.DistanceKm is not null,
            ReportedLater = match.ReportedLater,
        }));
        return response;
    }

    /// <summary>Refused metadata as INVALID_ARGUMENT with ErrorInfo (reason documented in photo_analysis.proto) and BadRequest.</summary>
    public static RpcException ToRpcException(ExifRejection rejection) => Refusal(ReasonCode(rejection.Reason), ImageField, rejection.Message);

    public static string ReasonCode(ExifRejectionReason reason) => reason switch
    {
        ExifRejectionReason.TooManyMetadataSegments => "EXIF_TOO_MANY_SEGMENTS",
        ExifRejectionReason.MetadataTooLarge => "EXIF_TOO_LARGE",
        ExifRejectionReason.DirectoryLoop => "EXIF_DIRECTORY_LOOP",
        ExifRejectionReason.TooManyEntries => "EXIF_TOO_MANY_ENTRIES",
        ExifRejectionReason.ValueOutOfBounds => "EXIF_VALUE_OUT_OF_BOUNDS",
        ExifRejectionReason.Malformed => "EXIF_MALFORMED",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static RpcException Refusal(string reason, string field, string message) => new Google.Rpc.Status
    {
        Code = (int)Code.InvalidArgument,
        Message = message,
        Details =
        {
            Any.Pack(new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = reason }),
            Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }),
        },
    }.ToRpcException();

    private static ContractExifFacts ToMessage(Vision.Pipeline.Triage.Exif.ExifFacts exif)
    {
        var message = new ContractExifFacts
        {
            Present = exif.Present,
            Orientation = exif.Orientation ?? 0,
            CaptureOffsetKnown = exif.CaptureOffsetKnown,
        };
        if (exif.CapturedAt is { } capturedAt)
        {
            message.CapturedAt = Timestamp.FromDateTimeOffset(capturedAt);
        }

        if (exif.Position is { } position)
        {
            message.Position = new GeoPoint { Latitude = position.Latitude, Longitude = position.Longitude };
        }

        return message;
    }

    private static ContractTriageTimings ToMessage(Vision.Pipeline.Triage.TriageTimings timings) => new()
    {
        Metadata = Duration.FromTimeSpan(timings.Metadata),
        Decode = Duration.FromTimeSpan(timings.Decode),
        Detection = Duration.FromTimeSpan(timings.Detection),
        Plates = Duration.FromTimeSpan(timings.Plates),
        Quality = Duration.FromTimeSpan(timings.Quality),
        Fingerprint = Duration.FromTimeSpan(timings.Fingerprint),
        DuplicateSearch = Duration.FromTimeSpan(timings.DuplicateSearch),
        Redaction = Duration.FromTimeSpan(timings.Redaction),
        Total = Duration.FromTimeSpan(timings.Total),
    };

    private static ContractTriageObjectKind ToMessage(Vision.Pipeline.Triage.Categories.TriageObjectKind kind) => kind switch
    {
        Vision.Pipeline.Triage.Categories.TriageObjectKind.Vehicle => ContractTriageObjectKind.Vehicle,
        Vision.Pipeline.Triage.Categories.TriageObjectKind.Person => ContractTriageObjectKind.Person,
        Vision.Pipeline.Triage.Categories.TriageObjectKind.Animal => ContractTriageObjectKind.Animal,
        Vision.Pipeline.Triage.Categories.TriageObjectKind.Obstruction => ContractTriageObjectKind.Obstruction,
        Vision.Pipeline.Triage.Categories.TriageObjectKind.TrafficLight => ContractTriageObjectKind.TrafficLight,
        _ => ContractTriageObjectKind.Other,
    };

    private static TrafficLightColour ToMessage(TrafficLightState? state) => state switch
    {
        TrafficLightState.Red => TrafficLightColour.Red,
        TrafficLightState.Yellow => TrafficLightColour.Yellow,
        TrafficLightState.Green => TrafficLightColour.Green,
        _ => TrafficLightColour.Unspecified,
    };

    private static PixelBox ToMessage(BoundingBox box) => new() { Left = box.Left, Top = box.Top, Right = box.Right, Bottom = box.Bottom };

    private static int IndexOf(PhotoTriageResult result, Vision.Domain.Inference.ModelIdentity model)
    {
        for (var index = 0; index < result.Models.Count; index++)
        {
            if (result.Models[index] == model)
            {
                return index;
            }
        }

        return -1;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
