namespace Vision.Pipeline.Rules.Legal;

/// <summary>The legal table file: which instrument, and its rows.</summary>
public sealed class LegalTableDocument
{
    public string Instrument { get; init; } = string.Empty;

    public IReadOnlyList<LegalTableEntry> Entries { get; init; } = [];
}
