using Vision.Domain.Violations;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Rules;

/// <summary>What a rule saw on one track in one frame; the rule engine turns it into a full <see cref="ViolationCandidate"/>.</summary>
/// <param name="EpisodeStart">The frame the episode began (the vehicle left its side of the line, stopped, entered the zone…).</param>
public sealed record RuleFinding(
    ViolationKind Kind,
    string RuleName,
    TrackSnapshot Track,
    long EpisodeStartSequence,
    DateTimeOffset EpisodeStart,
    string? ZoneName,
    IReadOnlyList<Measurement> Measurements)
{
    public IReadOnlyList<long> RelatedTrackIds { get; init; } = [];

    /// <summary>The lights whose timeline backs the finding (red light).</summary>
    public IReadOnlyList<string> LightIds { get; init; } = [];

    /// <summary>By how much the limit was exceeded (speeding), which selects the fine band.</summary>
    public double? SpeedExcessKmh { get; init; }

    /// <summary>How many people the vehicle carries (an overloaded motorbike), which selects the provision.</summary>
    public int? PeopleOnVehicle { get; init; }
}
