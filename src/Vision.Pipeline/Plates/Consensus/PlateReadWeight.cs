using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates.Consensus;

/// <summary>How much one observation counts in a <see cref="PlateConsensus"/>.</summary>
public static class PlateReadWeight
{
    /// <summary>
    /// The crop's quality in [0, 1]: <c>min(1, height / FullQualityCropHeight) × sharpness / (sharpness + HalfQualitySharpness)</c>.
    /// Both factors saturate, so a big sharp crop is not worth many times a merely good one, while a tiny or blurred
    /// crop (where readers are confidently wrong) counts for little whatever its confidence.
    /// </summary>
    public static double CropQuality(PlateObservation observation, PlateConsensusOptions options)
    {
        var height = Math.Clamp((double)observation.CropHeight / options.FullQualityCropHeight, 0, 1);
        var sharpness = Math.Max(observation.Sharpness, 0);
        return sharpness == 0 ? 0 : height * sharpness / (sharpness + options.HalfQualitySharpness);
    }

    /// <summary>
    /// The read's weight: its confidence (the weakest character's) × <see cref="CropQuality"/> × 1 when it fits a
    /// plate format, else <see cref="PlateConsensusOptions.InvalidPlateFactor"/>.
    /// </summary>
    public static double Of(PlateObservation observation, PlateConsensusOptions options)
    {
        var validity = observation.IsValidPlate ? 1 : options.InvalidPlateFactor;
        return Math.Max(observation.Read.Confidence, 0) * CropQuality(observation, options) * validity;
    }
}
