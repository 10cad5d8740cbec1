namespace Vision.Pipeline.Triage.Categories;

/// <summary>What an object in a citizen photo counts as, as evidence for a report category.</summary>
public enum TriageObjectKind
{
    Other,
    Vehicle,
    Person,
    Animal,
    Obstruction,
    TrafficLight,
}
