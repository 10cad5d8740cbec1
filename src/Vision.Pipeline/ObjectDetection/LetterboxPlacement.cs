namespace Vision.Pipeline.ObjectDetection;

/// <summary>Where the resized image sits on the model's input canvas.</summary>
public enum LetterboxPlacement
{
    TopLeft,
    Center,
}
