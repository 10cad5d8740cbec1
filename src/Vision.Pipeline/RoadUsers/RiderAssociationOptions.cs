using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.RoadUsers;

/// <summary>How sure the detector must be of each half of a rider pair (configuration <c>Vision:RoadUsers</c>).</summary>
public sealed class RiderAssociationOptions
{
    /// <summary>False leaves riders and two-wheelers as separate detections (only for comparisons: the rules then miss motorbikes ridden away from the camera).</summary>
    public bool JoinRiders { get; set; } = true;

    /// <summary>
    /// The minimum score of a person to count as a rider. The rider's box is the confident half of the pair: a nano
    /// detector scores a rider seen from behind 0.7–0.85 but the motorbike under them only 0.2–0.7.
    /// </summary>
    [Range(0.01, 1.0)]
    public float MinRiderConfidence { get; set; } = 0.3f;

    /// <summary>The minimum score of a motorcycle or bicycle under a rider (the stream detector keeps boxes from 0.1).</summary>
    [Range(0.01, 1.0)]
    public float MinVehicleConfidence { get; set; } = 0.1f;

    /// <summary>
    /// In a stream, a person becomes a rider once the two-wheeler under them scored at least this on average over the
    /// last <see cref="EvidenceFrames"/> frames (a frame without one counts 0), and stays one while a two-wheeler is
    /// under them. A pedestrian's legs draw scattered weak motorcycle boxes (0.1–0.38, averaging at most 0.26 over
    /// any five frames of the rendered crossing); a motorbike under its rider scores 0.2–0.7 in nearly every frame.
    /// </summary>
    [Range(0.01, 1.0)]
    public float MinMeanVehicleConfidence { get; set; } = 0.3f;

    /// <summary>How many of a stream's latest frames the rider evidence is averaged over.</summary>
    [Range(1, 30)]
    public int EvidenceFrames { get; set; } = 5;
}
