namespace Vision.Pipeline.Rules;

/// <summary>
/// One violation rule of one camera. Keeps its own per-track state, forgets tracks the tracker dropped, and reports
/// each violation once per track and episode.
/// </summary>
public interface ITrafficRule
{
    string Name { get; }

    /// <summary>Judges one frame; adds what it found to <paramref name="findings"/>.</summary>
    void Evaluate(RuleFrame frame, List<RuleFinding> findings);

    /// <summary>How many tracks the rule keeps state for (bounded by the tracks alive).</summary>
    int TrackedStateCount { get; }
}
