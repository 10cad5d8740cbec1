using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Tracking;

/// <summary>Thresholds of <see cref="MultiObjectTracker"/>; the defaults are ByteTrack's.</summary>
public sealed class TrackerOptions : IValidatableObject
{
    /// <summary>Detections scoring at least this take part in the first association and may start tracks.</summary>
    [Range(0.0, 1.0)]
    public float HighConfidence { get; set; } = 0.5f;

    /// <summary>Detections scoring at least this but below <see cref="HighConfidence"/> can only continue tracks (second association).</summary>
    [Range(0.0, 1.0)]
    public float LowConfidence { get; set; } = 0.1f;

    /// <summary>The minimum score of an unmatched high detection to start a new track.</summary>
    [Range(0.0, 1.0)]
    public float NewTrackConfidence { get; set; } = 0.6f;

    /// <summary>
    /// The minimum score of an unmatched detection to start a tentative track that must be confirmed by
    /// <see cref="WeakStartHits"/> consecutive detections scoring at least this (an object the detector is only fairly
    /// sure of, frame after frame: a fast car at 0.47–0.57, a motorbike seen from behind). Must not exceed
    /// <see cref="NewTrackConfidence"/>.
    /// </summary>
    [Range(0.0, 1.0)]
    public float WeakStartConfidence { get; set; } = 0.3f;

    /// <summary>Matched detections, its first included, that a track started under <see cref="NewTrackConfidence"/> needs to become tracked.</summary>
    [Range(1, 100)]
    public int WeakStartHits { get; set; } = 3;

    /// <summary>
    /// The minimum IoU of a track's predicted box and a high detection to match them (ByteTrack's match_thresh 0.8 as a
    /// distance). The gate is on the plain IoU; among the pairs that pass, the assignment weighs IoU × detection score.
    /// </summary>
    [Range(0.0, 1.0)]
    public float FirstStageMinIou { get; set; } = 0.2f;

    /// <summary>The minimum IoU of a track's predicted box and a low detection to match them.</summary>
    [Range(0.0, 1.0)]
    public float SecondStageMinIou { get; set; } = 0.5f;

    /// <summary>
    /// The IoU with a track already matched in the frame at which even a confident unmatched detection starts no track of
    /// its own: the detector's second box of one object under another class (a van as car 0.72 and truck 0.65; per-class
    /// suppression keeps both) made a twin track and a second violation. Weaker starts are held at
    /// <see cref="SecondStageMinIou"/>.
    /// </summary>
    [Range(0.0, 1.0)]
    public float TwinStartMinIou { get; set; } = 0.7f;

    /// <summary>The minimum IoU of a tentative track's box and a detection scoring at least <see cref="WeakStartConfidence"/> to match them.</summary>
    [Range(0.0, 1.0)]
    public float TentativeMinIou { get; set; } = 0.3f;

    /// <summary>How long (in capture time) a lost track is kept for being found again before it is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LostTrackBuffer { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Matched detections a tentative track needs, its first included, to become tracked.</summary>
    [Range(1, 100)]
    public int HitsToConfirm { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LowConfidence > HighConfidence)
        {
            yield return new ValidationResult($"LowConfidence ({LowConfidence}) must not exceed HighConfidence ({HighConfidence}).", [nameof(LowConfidence)]);
        }

        if (WeakStartConfidence > NewTrackConfidence)
        {
            yield return new ValidationResult(
                $"WeakStartConfidence ({WeakStartConfidence}) must not exceed NewTrackConfidence ({NewTrackConfidence}).", [nameof(WeakStartConfidence)]);
        }
    }
}
