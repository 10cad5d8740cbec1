namespace Vision.Storage;

/// <summary>
/// An officer's decision on a pending violation, made while looking at <paramref name="ExpectedVersion"/> of it.
/// </summary>
/// <param name="Outcome">Confirmed, Rejected or Corrected (Pending is not a decision).</param>
/// <param name="RejectReason">Required when rejecting.</param>
/// <param name="Note">Free text: required for <see cref="Storage.RejectReason.Other"/>, optional otherwise.</param>
/// <param name="CorrectedPlate">Required when correcting: the plate as the officer reads it.</param>
/// <param name="OfficerId">The authenticated officer (never an id taken from the request).</param>
/// <param name="OfficerSource">How the officer's identity was proved, recorded beside it in the audit log.</param>
/// <param name="PlateAsWritten">The officer said the corrected plate is written as on the vehicle (one in no Vietnamese
/// format is taken only so); recorded in the audit log, which otherwise read as if the format check had passed.</param>
public sealed record ReviewDecision(
    string ViolationId,
    long ExpectedVersion,
    string OfficerId,
    ReviewStatus Outcome,
    RejectReason? RejectReason = null,
    string? Note = null,
    string? CorrectedPlate = null,
    string? OfficerSource = null,
    bool PlateAsWritten = false);
