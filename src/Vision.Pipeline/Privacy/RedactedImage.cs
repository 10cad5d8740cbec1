using OpenCvSharp;

namespace Vision.Pipeline.Privacy;

/// <summary>A redacted copy (owned by the receiver, who disposes it) and the pixel rectangles obscured in it.</summary>
public sealed class RedactedImage(Mat image, IReadOnlyList<Rect> faces, IReadOnlyList<Rect> otherRegions) : IDisposable
{
    public Mat Image { get; } = image;

    public IReadOnlyList<Rect> Faces { get; } = faces;

    public IReadOnlyList<Rect> OtherRegions { get; } = otherRegions;

    public void Dispose() => Image.Dispose();
}
