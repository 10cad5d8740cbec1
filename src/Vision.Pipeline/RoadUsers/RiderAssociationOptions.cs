using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.RoadUsers;

/// <summary>How sure the detector must be of each half of a rider pair (configuration <c>Vision:RoadUsers</c>).</summary>
public sealed class RiderAssociationOptions
{
    /// <summary>
    /// The minimum score of a person to count as a rider. The rider's box is the confident half of the pair: a nano
    /// detector scores a rider seen from behind 0.7–0.85 but the motorbike under them only 0.2–0.7.
    /// </summary>
    [Range(0.01, 1.0)]
    public float MinRiderConfidence { get; set; } = 0.4f;

    /// <summary>The minimum score of a motorcycle or bicycle under a rider (the stream detector keeps boxes from 0.1).</summary>
    [Range(0.01, 1.0)]
    public float MinVehicleConfidence { get; set; } = 0.1f;
}
