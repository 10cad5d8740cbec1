namespace Vision.Domain.Violations;

/// <summary>One measured quantity behind a violation, self-describing for the evidence manifest (e.g. speed 63.2 km/h).</summary>
public readonly record struct Measurement(string Name, double Value, string Unit);
