namespace Vision.Pipeline.Tracking;

/// <summary>A group of classes a detector may confuse with each other; a track only matches detections of its own family.</summary>
public enum ClassFamily
{
    Vehicle,
    Person,
    Animal,
    Other,
}
