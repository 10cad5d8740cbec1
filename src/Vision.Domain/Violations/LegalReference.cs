namespace Vision.Domain.Violations;

/// <summary>
/// Where a violation is defined in law, e.g. Decree 168/2024/NĐ-CP Article 7, Clause 7, Point c (red light,
/// motorbike), and the fine range the configured table gives for it.
/// </summary>
public sealed record LegalReference(string Instrument, int Article, int Clause, string Point, FineRange Fine)
{
    /// <summary>The short form officers use: article.clause.point, e.g. "7.7.c".</summary>
    public string Code => $"{Article}.{Clause}.{Point}";

    public override string ToString() => $"{Instrument} {Code}";
}
