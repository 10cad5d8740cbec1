using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>One object found by a detector: its box, its class index in the model's class list and its score.</summary>
public readonly record struct Detection(BoundingBox Box, int ClassId, float Confidence)
{
    /// <summary>
    /// The people riding it, for a two-wheeler joined with its riders into one road user
    /// (<see cref="RoadUsers.RiderAssociation"/>); 0 for everything else.
    /// </summary>
    public int Riders { get; init; }
}
