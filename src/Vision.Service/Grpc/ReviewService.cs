using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Service.Cases;
using Vision.Service.Grpc.Errors;
using Vision.Service.Security;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>
/// vision.v1.Review: police review over the store. Decision outcomes become precise statuses here, once:
/// ALREADY_DECIDED (FAILED_PRECONDITION), REVIEW_CONFLICT (ABORTED, with the current violation in the details).
/// Every decision and case action records the authenticated caller and how it was proved, never an id from the request.
/// </summary>
public sealed class ReviewService(
    ReviewStore store, CaseReview cases, DeliveryOutbox outbox, EvidenceFolder evidence, IEvidenceStore evidenceStore, TrustedKeys trustedKeys)
    : Contract.Review.ReviewBase
{
    /// <summary>The longest plate (with separators) a filter can usefully contain; a megabyte pattern only costs the store.</summary>
    private const int MaxPlateFilterLength = 32;

    private const int ChunkBytes = 256 * 1024;
    private const int MaxPackageIdLength = 200;
    private const int MaxFileNameLength = 256;

    [Authorize(Roles = RpcRoles.ReviewReaders)]
    public override async Task<Contract.ListViolationsResponse> ListViolations(Contract.ListViolationsRequest request, ServerCallContext context)
    {
        ClientText.RequireId(request.CameraId, "camera_id");
        ClientText.RequireText(request.PlateContains, "plate_contains", ClientText.MaxPlateLength);
        ClientText.RequireText(request.PageToken, "page_token", ClientText.MaxPageTokenLength);
        if (request.PageToken.Length > 0 && !ReviewStore.IsValidPageToken(request.PageToken))
        {
            throw StreamErrors.Create(Code.InvalidArgument, "PAGE_TOKEN_INVALID", "page_token is not a token this service issued.");
        }

        if (request.PageSize is < 0 or > ReviewStore.MaxPageSize)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "PAGE_SIZE_INVALID", $"page_size must be 0–{ReviewStore.MaxPageSize}.");
        }

        if (request.Kind != Contract.ViolationKind.Unspecified && ReviewMapping.ToDomain(request.Kind) is null)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "FILTER_INVALID", $"Unknown violation kind {(int)request.Kind}.");
        }

        if (request.Status != Contract.ReviewStatus.Unspecified && ReviewMapping.ToDomain(request.Status) is null)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "FILTER_INVALID", $"Unknown review status {(int)request.Status}.");
        }

        var from = TimestampField.Read(request.OccurredFrom, "occurred_from");
        var to = TimestampField.Read(request.OccurredTo, "occurred_to");
        if (from >= to)
        {
            throw FieldError.Create("occurred_to", "FILTER_INVALID", "occurred_to must be later than occurred_from.");
        }

        if (request.PlateContains.Length > MaxPlateFilterLength)
        {
            throw FieldError.Create("plate_contains", "FILTER_INVALID",
                $"plate_contains is {request.PlateContains.Length} characters; a plate has at most {MaxPlateFilterLength}.");
        }

        // A filter the store would drop or widen: "É" (VNI typing of E1) matched every plate, "29É" every plate holding 29.
        if (request.PlateContains.Length > 0 && PlateKey.ForeignCharacter(request.PlateContains) is { } foreign)
        {
            throw FieldError.Create("plate_contains", "FILTER_INVALID", $"plate_contains holds '{foreign}', which no plate has.");
        }

        if (request.PlateContains.Length > 0 && PlateKey.Normalize(request.PlateContains).Length == 0)
        {
            throw FieldError.Create("plate_contains", "FILTER_INVALID", "plate_contains holds no plate letter or digit.");
        }

        var page = await store.ListAsync(ReviewMapping.ToFilter(request), request.PageSize, request.PageToken.Length == 0 ? null : request.PageToken,
            context.CancellationToken);
        return new Contract.ListViolationsResponse
        {
            Violations = { page.Violations.Select(ReviewMapping.ToContract) },
            NextPageToken = page.NextPageToken ?? string.Empty,
        };
    }

    [Authorize(Roles = RpcRoles.ReviewReaders)]
    public override async Task<Contract.ViolationDetail> GetViolation(Contract.GetViolationRequest request, ServerCallContext context)
    {
        ClientText.RequireId(request.Id, "id", ClientText.MaxDerivedIdLength);
        var violation = await store.GetAsync(request.Id, context.CancellationToken)
            ?? throw StreamErrors.Create(Code.NotFound, "VIOLATION_NOT_FOUND", $"No violation with id '{request.Id}'.", ("violation_id", request.Id));
        var detail = new Contract.ViolationDetail
        {
            Violation = ReviewMapping.ToContract(violation),
            Audit = { (await store.GetAuditAsync(violation.Id, context.CancellationToken)).Select(ReviewMapping.ToContract) },
        };
        if (violation.Evidence is not { } reference)
        {
            detail.Evidence = new Contract.EvidencePackage { Verification = Contract.EvidenceVerification.NoEvidence };
            return detail;
        }

        EvidenceCheck check;
        string? manifest;
        try
        {
            (check, manifest) = await evidence.VerifyAsync(reference.PackageId, reference.ManifestSha256, context.CancellationToken);
        }
        catch (TimeoutException)
        {
            // A stalled evidence share: as GetEvidenceFile says it, not INTERNAL.
            throw StreamErrors.Create(Code.Unavailable, "EVIDENCE_READ_TIMEOUT",
                $"Reading the evidence manifest took longer than {EvidenceFolder.ReadTimeout.TotalSeconds:F0} s.");
        }

        detail.Evidence = new Contract.EvidencePackage
        {
            PackageId = reference.PackageId,
            Verification = ReviewMapping.ToContract(check),
            ManifestJson = manifest ?? string.Empty,
            Files = { evidence.ListFiles(reference.PackageId).Select(f => new Contract.EvidenceFile { Name = f.Name, SizeBytes = f.SizeBytes }) },
        };
        if (evidenceStore.Locate(reference.PackageId) is { } folder)
        {
            var verification = PackageVerifier.Verify(folder, trustedKeys, reference.PackageId);
            detail.Evidence.SignatureVerified = verification.IsValid;
            detail.Evidence.VerificationProblems.AddRange(verification.Problems.Select(problem => problem.Description));
        }
        else
        {
            detail.Evidence.VerificationProblems.Add($"Evidence package '{reference.PackageId}' is not in the evidence store.");
        }

        return detail;
    }

    [Authorize(Roles = RpcRoles.ReviewReaders)]
    public override async Task GetEvidenceFile(Contract.GetEvidenceFileRequest request, IServerStreamWriter<Contract.EvidenceFileChunk> responseStream, ServerCallContext context)
    {
        ClientText.RequireText(request.PackageId, "package_id", MaxPackageIdLength);
        ClientText.RequireText(request.FileName, "file_name", MaxFileNameLength);
        var path = evidence.Resolve(request.PackageId, request.FileName)
            ?? throw StreamErrors.Create(Code.InvalidArgument, "EVIDENCE_PATH_INVALID",
                "package_id and file_name must name a file inside one evidence package (no '..', absolute paths or backslashes).");
        await using var file = EvidenceFolder.TryOpenRead(path)
            ?? throw StreamErrors.Create(Code.NotFound, "EVIDENCE_NOT_FOUND", $"Evidence package '{request.PackageId}' has no file '{request.FileName}'.",
                ("package_id", request.PackageId), ("file_name", request.FileName));
        var buffer = new byte[ChunkBytes];
        var first = true;
        int read;
        while ((read = await ReadWithTimeoutAsync(file, buffer, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new Contract.EvidenceFileChunk { TotalBytes = first ? file.Length : 0, Data = ByteString.CopyFrom(buffer, 0, read) },
                context.CancellationToken);
            first = false;
        }

        if (first)
        {
            await responseStream.WriteAsync(new Contract.EvidenceFileChunk { TotalBytes = 0 }, context.CancellationToken);
        }
    }

    // A stuck disk or network mount must not hold the call (and a thread) forever.
    private static async Task<int> ReadWithTimeoutAsync(Stream file, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await file.ReadAsync(buffer, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw StreamErrors.Create(Code.Unavailable, "EVIDENCE_READ_TIMEOUT",
                $"Reading the evidence file took longer than {EvidenceFolder.ReadTimeout.TotalSeconds:F0} s.");
        }
    }

    [Authorize(Roles = RpcRoles.Deciders)]
    public override async Task<Contract.Violation> Decide(Contract.DecideRequest request, ServerCallContext context)
    {
        ClientText.RequireId(request.ViolationId, "violation_id", ClientText.MaxDerivedIdLength);
        ClientText.RequireText(request.Note, "note");
        ClientText.RequireText(request.CorrectedPlate, "corrected_plate", ClientText.MaxPlateLength);
        var officer = AuthenticatedCaller.Of(context);
        var outcome = ReviewMapping.ToDomain(request.Outcome);
        if (outcome is null or ReviewStatus.Pending)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "DECISION_INVALID", "outcome must be CONFIRMED, REJECTED or CORRECTED.");
        }

        if (request.ExpectedVersion <= 0)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "DECISION_INVALID", "expected_version is required: the Violation.version the officer saw.");
        }

        if (request.RejectReason != Contract.RejectReason.Unspecified && ReviewMapping.ToDomain(request.RejectReason) is null)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "DECISION_INVALID", $"Unknown reject reason {(int)request.RejectReason}.");
        }

        if (outcome == ReviewStatus.Corrected && request.CorrectedPlate.Length > 0 && !request.PlateAsWritten
            && await store.GetAsync(request.ViolationId, context.CancellationToken) is { Status: ReviewStatus.Pending } pending
            && CorrectedPlateFormat.Problem(request.CorrectedPlate, pending.ObjectClass) is { } formatProblem)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "PLATE_FORMAT_UNKNOWN", $"The decision is incomplete: {formatProblem}.",
                ("corrected_plate", request.CorrectedPlate), ("field", "plate_as_written"));
        }

        var decision = new ReviewDecision(request.ViolationId, request.ExpectedVersion, officer.Id, outcome.Value,
            ReviewMapping.ToDomain(request.RejectReason), request.Note.Length == 0 ? null : request.Note,
            request.CorrectedPlate.Length == 0 ? null : request.CorrectedPlate, officer.Source, request.PlateAsWritten);
        var result = await cases.DecideAsync(decision, context.CancellationToken);
        if (result.IsRepeatOf(decision))
        {
            // The reply to the first was lost and the client sent it again: answered as saved, not as another officer's conflict.
            return ReviewMapping.ToContract(result.Current!);
        }

        return result.Kind switch
        {
            DecisionResultKind.Applied => ReviewMapping.ToContract(result.Current!),
            DecisionResultKind.NotFound => throw StreamErrors.Create(Code.NotFound, "VIOLATION_NOT_FOUND",
                $"No violation with id '{request.ViolationId}'.", ("violation_id", request.ViolationId)),
            DecisionResultKind.Invalid => throw StreamErrors.Create(Code.InvalidArgument, "DECISION_INVALID", $"The decision is incomplete: {result.Problem}."),
            DecisionResultKind.AlreadyDecided => throw Refusal(Code.FailedPrecondition, "ALREADY_DECIDED",
                $"Violation '{request.ViolationId}' was already decided ({result.Current!.Status} by {result.Current.DecidedBy}); decisions are final.", result.Current),
            _ => throw Refusal(Code.Aborted, "REVIEW_CONFLICT",
                $"Violation '{request.ViolationId}' changed since version {request.ExpectedVersion}: now version {result.Current!.Version}, " +
                $"{result.Current.Status} by {result.Current.DecidedBy}. Reload it before deciding.", result.Current),
        };
    }

    [Authorize(Roles = RpcRoles.Supervisors)]
    public override async Task<Contract.Violation> RetryDelivery(Contract.RetryDeliveryRequest request, ServerCallContext context)
    {
        ClientText.RequireId(request.ViolationId, "violation_id", ClientText.MaxDerivedIdLength);
        var caller = AuthenticatedCaller.Of(context);
        var requeued = await outbox.RequeueAsync(request.ViolationId, caller.Id, caller.Source, context.CancellationToken);
        var violation = await store.GetAsync(request.ViolationId, context.CancellationToken)
            ?? throw StreamErrors.Create(Code.NotFound, "VIOLATION_NOT_FOUND", $"No violation with id '{request.ViolationId}'.", ("violation_id", request.ViolationId));
        return requeued
            ? ReviewMapping.ToContract(violation)
            : throw StreamErrors.Create(Code.FailedPrecondition, "DELIVERY_NOT_DEAD_LETTERED",
                $"The report for '{request.ViolationId}' is not dead-lettered (delivery {violation.Delivery?.Status.ToString() ?? "not queued"}).",
                ("violation_id", request.ViolationId));
    }

    [Authorize(Roles = RpcRoles.Supervisors)]
    public override async Task<Contract.Violation> CloseCase(Contract.CloseCaseRequest request, ServerCallContext context)
    {
        ClientText.RequireId(request.ViolationId, "violation_id", ClientText.MaxDerivedIdLength);
        ClientText.RequireText(request.Note, "note");
        var caller = AuthenticatedCaller.Of(context);
        var (outcome, current) = await cases.CloseCaseAsync(request.ViolationId, caller, request.Note.Length == 0 ? null : request.Note, context.CancellationToken);
        switch (outcome)
        {
            case CaseClosureOutcome.NotFound:
                throw StreamErrors.Create(Code.NotFound, "VIOLATION_NOT_FOUND", $"No violation with id '{request.ViolationId}'.", ("violation_id", request.ViolationId));
            case CaseClosureOutcome.NotConfirmed:
                throw StreamErrors.Create(Code.FailedPrecondition, "CASE_NOT_CONFIRMED",
                    $"Violation '{request.ViolationId}' is {current!.Status}: only a confirmed violation has a case to close.", ("violation_id", request.ViolationId));
            case CaseClosureOutcome.AlreadyClosed:
                throw StreamErrors.Create(Code.FailedPrecondition, "CASE_ALREADY_CLOSED",
                    $"The case of violation '{request.ViolationId}' is already closed.", ("violation_id", request.ViolationId));
        }

        return ReviewMapping.ToContract(current!);
    }

    /// <summary>A refused decision with ErrorInfo (status, version, decided_by) and the violation as it stands.</summary>
    private static RpcException Refusal(Code code, string reason, string message, ViolationRecord current)
    {
        var errorInfo = new ErrorInfo
        {
            Domain = ImageRejectionStatus.ErrorDomain,
            Reason = reason,
            Metadata =
            {
                ["violation_id"] = current.Id,
                ["status"] = current.Status.ToString(),
                ["version"] = current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["decided_by"] = current.DecidedBy ?? string.Empty,
            },
        };
        return new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(errorInfo), Any.Pack(WithBoundedNote(ReviewMapping.ToContract(current))) },
        }.ToRpcException();
    }

    /// <summary>Error details travel in a header: a note stored before notes were bounded must not make the refusal too large to send.</summary>
    private static Contract.Violation WithBoundedNote(Contract.Violation violation)
    {
        if (violation.Decision is { Note.Length: > ClientText.MaxNoteLength } decision)
        {
            decision.Note = decision.Note[..ClientText.MaxNoteLength] + "…";
        }

        return violation;
    }
}
