using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>How a source image was scaled and shifted onto the model's input canvas, so boxes can be mapped back.</summary>
public readonly record struct LetterboxTransform(
    float Scale,
    int OffsetX,
    int OffsetY,
    int CanvasWidth,
    int CanvasHeight,
    int SourceWidth,
    int SourceHeight)
{
    public int ResizedWidth => Math.Min(CanvasWidth - OffsetX, Math.Max(1, (int)MathF.Round(SourceWidth * Scale)));
    public int ResizedHeight => Math.Min(CanvasHeight - OffsetY, Math.Max(1, (int)MathF.Round(SourceHeight * Scale)));

    /// <summary>Fits a source image into a canvas of the given size, keeping its aspect ratio.</summary>
    public static LetterboxTransform Fit(int sourceWidth, int sourceHeight, int canvasWidth, int canvasHeight, LetterboxPlacement placement)
    {
        var scale = MathF.Min((float)canvasWidth / sourceWidth, (float)canvasHeight / sourceHeight);
        var resizedWidth = Math.Clamp((int)MathF.Round(sourceWidth * scale), 1, canvasWidth);
        var resizedHeight = Math.Clamp((int)MathF.Round(sourceHeight * scale), 1, canvasHeight);
        var (offsetX, offsetY) = placement == LetterboxPlacement.Center
            ? ((canvasWidth - resizedWidth) / 2, (canvasHeight - resizedHeight) / 2)
            : (0, 0);
        return new LetterboxTransform(scale, offsetX, offsetY, canvasWidth, canvasHeight, sourceWidth, sourceHeight);
    }

    /// <summary>Maps a box on the canvas back to source pixels, clipped to the source image.</summary>
    public BoundingBox ToSource(BoundingBox canvasBox) => new BoundingBox(
        (canvasBox.Left - OffsetX) / Scale,
        (canvasBox.Top - OffsetY) / Scale,
        (canvasBox.Right - OffsetX) / Scale,
        (canvasBox.Bottom - OffsetY) / Scale).ClampTo(SourceWidth, SourceHeight);
}
