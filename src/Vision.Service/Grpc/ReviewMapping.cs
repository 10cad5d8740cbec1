using Google.Protobuf.WellKnownTypes;
using Vision.Domain.Violations;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>Store records ↔ review contract messages.</summary>
public static class ReviewMapping
{
    public static Contract.ViolationKind ToContract(ViolationKind kind) => kind switch
    {
        ViolationKind.RedLight => Contract.ViolationKind.RedLight,
        ViolationKind.WrongWay => Contract.ViolationKind.WrongWay,
        ViolationKind.IllegalParking => Contract.ViolationKind.IllegalParking,
        ViolationKind.IllegalStopping => Contract.ViolationKind.IllegalStopping,
        ViolationKind.Sidewalk => Contract.ViolationKind.Sidewalk,
        ViolationKind.Speeding => Contract.ViolationKind.Speeding,
        ViolationKind.SolidLineCrossing => Contract.ViolationKind.SolidLineCrossing,
        ViolationKind.LaneNotAllowed => Contract.ViolationKind.LaneNotAllowed,
        ViolationKind.MotorbikeOverloaded => Contract.ViolationKind.MotorbikeOverloaded,
        ViolationKind.AnimalOnRoad => Contract.ViolationKind.AnimalOnRoad,
        ViolationKind.NoHelmet => Contract.ViolationKind.NoHelmet,
        ViolationKind.SidewalkEncroachment => Contract.ViolationKind.SidewalkEncroachment,
        ViolationKind.SidewalkParkingLot => Contract.ViolationKind.SidewalkParkingLot,
        ViolationKind.LooseCattle => Contract.ViolationKind.LooseCattle,
        _ => Contract.ViolationKind.Unspecified,
    };

    /// <summary>The domain kind, or null for UNSPECIFIED and for values this service does not know.</summary>
    public static ViolationKind? ToDomain(Contract.ViolationKind kind) =>
        System.Enum.GetValues<ViolationKind>().Cast<ViolationKind?>().FirstOrDefault(k => ToContract(k!.Value) == kind);

    public static Contract.ReviewStatus ToContract(ReviewStatus status) => status switch
    {
        ReviewStatus.Pending => Contract.ReviewStatus.Pending,
        ReviewStatus.Confirmed => Contract.ReviewStatus.Confirmed,
        ReviewStatus.Rejected => Contract.ReviewStatus.Rejected,
        ReviewStatus.Corrected => Contract.ReviewStatus.Corrected,
        _ => Contract.ReviewStatus.Unspecified,
    };

    public static ReviewStatus? ToDomain(Contract.ReviewStatus status) => status switch
    {
        Contract.ReviewStatus.Pending => ReviewStatus.Pending,
        Contract.ReviewStatus.Confirmed => ReviewStatus.Confirmed,
        Contract.ReviewStatus.Rejected => ReviewStatus.Rejected,
        Contract.ReviewStatus.Corrected => ReviewStatus.Corrected,
        _ => null,
    };

    public static Contract.RejectReason ToContract(RejectReason reason) => reason switch
    {
        RejectReason.NotAViolation => Contract.RejectReason.NotAViolation,
        RejectReason.PlateUnreadable => Contract.RejectReason.PlateUnreadable,
        RejectReason.WrongVehicle => Contract.RejectReason.WrongVehicle,
        RejectReason.PriorityVehicle => Contract.RejectReason.PriorityVehicle,
        RejectReason.InsufficientEvidence => Contract.RejectReason.InsufficientEvidence,
        RejectReason.Duplicate => Contract.RejectReason.Duplicate,
        RejectReason.Other => Contract.RejectReason.Other,
        _ => Contract.RejectReason.Unspecified,
    };

    /// <summary>The domain reason, or null for UNSPECIFIED and for values this service does not know.</summary>
    public static RejectReason? ToDomain(Contract.RejectReason reason) =>
        System.Enum.GetValues<RejectReason>().Cast<RejectReason?>().FirstOrDefault(r => ToContract(r!.Value) == reason);

    public static Contract.DeliveryInfo ToContract(DeliveryState? delivery)
    {
        if (delivery is null)
        {
            return new Contract.DeliveryInfo { Status = Contract.DeliveryStatus.NotQueued };
        }

        var info = new Contract.DeliveryInfo
        {
            Status = delivery.Status switch
            {
                DeliveryStatus.Pending => Contract.DeliveryStatus.Pending,
                DeliveryStatus.Sent => Contract.DeliveryStatus.Sent,
                DeliveryStatus.Cancelled => Contract.DeliveryStatus.Cancelled,
                _ => Contract.DeliveryStatus.DeadLettered,
            },
            Attempts = delivery.Attempts,
            LastError = delivery.LastError ?? string.Empty,
            RemoteId = delivery.RemoteId ?? string.Empty,
        };
        if (delivery.LastAttemptAt is { } last)
        {
            info.LastAttemptAt = Timestamp.FromDateTimeOffset(last);
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            info.NextAttemptAt = Timestamp.FromDateTimeOffset(delivery.NextAttemptAt);
        }

        if (delivery.SentAt is { } sent)
        {
            info.SentAt = Timestamp.FromDateTimeOffset(sent);
        }

        return info;
    }

    public static Contract.Violation ToContract(ViolationRecord violation)
    {
        var message = new Contract.Violation
        {
            Id = violation.Id,
            CameraId = violation.CameraId,
            Kind = ToContract(violation.Kind),
            ObjectClass = violation.ObjectClass,
            TrackId = violation.TrackId,
            Sequence = violation.Sequence,
            OccurredAt = Timestamp.FromDateTimeOffset(violation.OccurredAt),
            RecordedAt = Timestamp.FromDateTimeOffset(violation.RecordedAt),
            ZoneName = violation.ZoneName ?? string.Empty,
            Provenance = ProvenanceOf(violation),
            Models = { violation.Models.Select(m => new Contract.ModelReference { Name = m.Name, Sha256 = m.Sha256 }) },
            Measurements = { violation.Measurements.Select(m => new Contract.Measurement { Name = m.Name, Value = m.Value, Unit = m.Unit }) },
            KeyFrames = { violation.Details.KeyFrames.Select(KeyFrameOf) },
            Box = BoxOf(violation),
            Status = ToContract(violation.Status),
            Version = violation.Version,
            Delivery = ToContract(violation.Delivery),
        };
        AddRecordedParts(message, violation);
        return message;
    }

    /// <summary>What only some violations have: a location, a legal provision, a plate, evidence, an officer's decision.</summary>
    private static void AddRecordedParts(Contract.Violation message, ViolationRecord violation)
    {
        if (violation.Position is { } position)
        {
            message.Location = new Contract.GeoPoint { Latitude = position.Latitude, Longitude = position.Longitude };
        }

        if (violation.Legal is { } legal)
        {
            message.Legal = LegalOf(legal);
        }

        if (violation.PlateText is { } plate)
        {
            message.Plate = PlateOf(violation, plate);
        }

        if (violation.Evidence is { } evidence)
        {
            message.Evidence = new Contract.EvidenceReference { PackageId = evidence.PackageId, ManifestSha256 = evidence.ManifestSha256 };
        }

        if (violation.DecidedBy is { } officer)
        {
            message.Decision = DecisionOf(violation, officer);
        }
    }

    private static Contract.RuleProvenance ProvenanceOf(ViolationRecord violation) => new()
    {
        SceneId = violation.Provenance.SceneId,
        SceneVersion = violation.Provenance.SceneVersion,
        SceneSha256 = violation.Provenance.SceneSha256,
        RuleName = violation.Provenance.RuleName,
    };

    private static Contract.KeyFrame KeyFrameOf(KeyFrame keyFrame) => new()
    {
        Sequence = keyFrame.Sequence, CapturedAt = Timestamp.FromDateTimeOffset(keyFrame.CapturedAt), Role = keyFrame.Role.ToString(),
    };

    private static Contract.PixelBox BoxOf(ViolationRecord violation) => new()
    {
        Left = violation.Details.Box.Left, Top = violation.Details.Box.Top, Right = violation.Details.Box.Right, Bottom = violation.Details.Box.Bottom,
    };

    private static Contract.LegalReference LegalOf(LegalReference legal) => new()
    {
        Instrument = legal.Instrument, Article = legal.Article, Clause = legal.Clause, Point = legal.Point, Code = legal.Code,
        FineMinVnd = legal.Fine.MinimumVnd, FineMaxVnd = legal.Fine.MaximumVnd,
    };

    private static Contract.PlateReading PlateOf(ViolationRecord violation, string plate) => new()
    {
        Text = plate,
        Formatted = violation.PlateFormatted ?? string.Empty,
        Score = violation.PlateScore ?? 0,
        Valid = violation.PlateValid ?? false,
        Alternatives =
        {
            violation.PlateReads.Where(r => r.Rank > 0)
                .Select(r => new Contract.PlateCandidate { Text = r.Text, Score = r.Score, SupportingReads = r.SupportingReads }),
        },
        CharacterConfidences = { violation.PlateCharacterConfidences },
    };

    private static Contract.ReviewDecisionInfo DecisionOf(ViolationRecord violation, string officer) => new()
    {
        OfficerId = officer,
        DecidedAt = Timestamp.FromDateTimeOffset(violation.DecidedAt!.Value),
        RejectReason = violation.RejectReason is { } reason ? ToContract(reason) : Contract.RejectReason.Unspecified,
        Note = violation.DecisionNote ?? string.Empty,
        CorrectedPlate = violation.CorrectedPlate ?? string.Empty,
    };

    public static ViolationFilter ToFilter(Contract.ListViolationsRequest request) => new(
        CameraId: request.CameraId.Length == 0 ? null : request.CameraId,
        Kind: ToDomain(request.Kind),
        Status: ToDomain(request.Status),
        From: request.OccurredFrom?.ToDateTimeOffset(),
        To: request.OccurredTo?.ToDateTimeOffset(),
        PlateContains: request.PlateContains.Length == 0 ? null : request.PlateContains);

    public static Contract.AuditEntry ToContract(AuditEntry entry) => new()
    {
        At = Timestamp.FromDateTimeOffset(entry.At), Actor = entry.Actor, Action = entry.Action, Detail = entry.Detail ?? string.Empty,
        ActorSource = entry.ActorSource ?? string.Empty,
    };

    public static Contract.EvidenceVerification ToContract(EvidenceCheck check) => check switch
    {
        EvidenceCheck.ManifestMatches => Contract.EvidenceVerification.ManifestMatches,
        EvidenceCheck.ManifestAltered => Contract.EvidenceVerification.ManifestAltered,
        _ => Contract.EvidenceVerification.PackageMissing,
    };
}
