namespace Vision.Pipeline.Triage.Quality;

/// <summary>
/// Quality measures of a photo, taken on a grey copy scaled to a fixed long side so they compare across camera
/// resolutions: the variance of the Laplacian (sharpness), the mean luma (0–255), and the fractions of near-black
/// (≤ 20) and near-white (≥ 250) pixels.
/// </summary>
public sealed record PhotoQuality(int Width, int Height, double LaplacianVariance, double MeanLuma, double DarkFraction, double BrightFraction);
