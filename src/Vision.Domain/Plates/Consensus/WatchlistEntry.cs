namespace Vision.Domain.Plates.Consensus;

/// <summary>A plate to look out for.</summary>
/// <param name="PlateCharacters">The plate as written (separators and case do not matter: "75-H1 425.99" is 75H142599).</param>
/// <param name="Reason">Why it is listed, e.g. "stolen", "wanted".</param>
/// <param name="Note">Free text for the officer, if any.</param>
/// <remarks>
/// Every field has a default so that configuration binds an entry that leaves one out: without them the binder skipped
/// such an entry without a word (a plate listed with no note was never watched), and validation names what is missing.
/// </remarks>
public sealed record WatchlistEntry(string PlateCharacters = "", string Reason = "", string? Note = null);
