using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>One reader's checked read of a crop, with that read's confidence (its weakest character).</summary>
public sealed record PlateAlternative(PlateText Text, float Confidence, ModelIdentity Model);
