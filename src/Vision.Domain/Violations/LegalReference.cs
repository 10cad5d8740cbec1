namespace Vision.Domain.Violations;

/// <summary>
/// Where a violation is defined in law, e.g. Decree 168/2024/NĐ-CP Article 7, Clause 7, Point c (red light,
/// motorbike), and the fine range the configured table gives for it.
/// </summary>
public sealed record LegalReference(string Instrument, int Article, int Clause, string Point, FineRange Fine)
{
    /// <summary>The short form officers use: article.clause.point, e.g. "7.7.c".</summary>
    public string Code => $"{Article}.{Clause}.{Point}";

    /// <summary>
    /// The instrument as Vietnamese text names it: the shipped table says "Decree 168/2024/NĐ-CP" (its other texts are
    /// English), which read "Nghị định Decree 168/2024/NĐ-CP" in a report; a bare number of a decree gets its word;
    /// anything else (a circular, a name already in Vietnamese) is written as the table has it.
    /// </summary>
    public string InstrumentInVietnamese =>
        Instrument.StartsWith("Decree ", StringComparison.OrdinalIgnoreCase) ? "Nghị định " + Instrument["Decree ".Length..].TrimStart()
        : Instrument.EndsWith("/NĐ-CP", StringComparison.Ordinal) && char.IsAsciiDigit(Instrument[0]) ? "Nghị định " + Instrument
        : Instrument;

    public override string ToString() => $"{Instrument} {Code}";
}
