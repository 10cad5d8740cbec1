using Vision.Domain.Violations;


namespace Vision.Pipeline.Rules.Legal;

/// <summary>
/// One row of the legal table: a violation kind for a vehicle type (and, for speeding, an excess band; for an overloaded
/// motorbike, how many people it carries) → article.clause.point and fine range.
/// </summary>
public sealed class LegalTableEntry
{
    public ViolationKind Kind { get; init; }

    public VehicleType VehicleType { get; init; }

    /// <summary>Speeding only: the row applies from this excess over the limit upward (the highest band reached wins).</summary>
    public double MinimumExcessKmh { get; init; }

    /// <summary>Overloaded motorbikes only: the row applies from this many people on it upward (the highest reached wins).</summary>
    public int MinimumPeople { get; init; }

    public int Article { get; init; }

    public int Clause { get; init; }

    public string Point { get; init; } = string.Empty;

    public long MinimumFineVnd { get; init; }

    public long MaximumFineVnd { get; init; }

    /// <summary>What the provision says, for officers reading the evidence.</summary>
    public string Description { get; init; } = string.Empty;
}
