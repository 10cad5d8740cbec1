using OpenCvSharp;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Writes buffered camera frames as an MP4 clip. The OpenCV runtime here bundles FFmpeg with the MPEG-4 Part 2 encoder
/// ("mp4v") and the MP4 muxer but no H.264 encoder (only the hardware v4l2m2m one), so clips are MPEG-4 Part 2 in
/// MP4, which every common player and OpenCV's VideoCapture decode. The rate is the frames' own (count over capture
/// span), so the clip plays in real time even when the camera's rate drifted; a time-lapse (frames more than a second
/// apart) plays at the rate given.
/// </summary>
public static class EvidenceClipWriter
{
    public const string Codec = "mp4v";

    /// <param name="transform">Applied to each decoded frame before it is encoded (the redacted copy obscures regions); returns the image to write, which the writer disposes when it is not the one given.</param>
    /// <returns>The clip, or null when there are no frames or the encoder could not be opened.</returns>
    public static EvidenceClip? Write(
        string path, IReadOnlyList<EncodedFrame> frames, double fallbackFramesPerSecond, CancellationToken cancellationToken, Func<Mat, EncodedFrame, Mat>? transform = null)
    {
        if (frames.Count == 0)
        {
            return null;
        }

        var framesPerSecond = RateOf(frames, fallbackFramesPerSecond);
        VideoWriter? writer = null;
        var size = default(Size);
        var written = 0;
        try
        {
            foreach (var frame in frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var decoded = Cv2.ImDecode(frame.Jpeg.Span, ImreadModes.Color | ImreadModes.IgnoreOrientation);
                if (decoded.Empty())
                {
                    continue;
                }

                var image = transform is null ? decoded : transform(decoded, frame);
                using var transformed = ReferenceEquals(image, decoded) ? null : image;

                if (writer is null)
                {
                    size = new Size(image.Width & ~1, image.Height & ~1);
                    writer = new VideoWriter(path, VideoCaptureAPIs.FFMPEG, FourCC.FromString(Codec), framesPerSecond, size);
                    if (!writer.IsOpened())
                    {
                        return null;
                    }
                }

                if (image.Width == size.Width && image.Height == size.Height)
                {
                    writer.Write(image);
                }
                else
                {
                    using var fitted = image.Resize(size, 0, 0, InterpolationFlags.Area);
                    writer.Write(fitted);
                }

                written++;
            }
        }
        finally
        {
            writer?.Release();
            writer?.Dispose();
        }

        return written == 0 ? null : new EvidenceClip(Codec, written, framesPerSecond, frames[0].Sequence, frames[^1].Sequence);
    }

    private static double RateOf(IReadOnlyList<EncodedFrame> frames, double fallback)
    {
        var span = (frames[^1].CapturedAt - frames[0].CapturedAt).TotalSeconds;
        var rate = frames.Count > 1 && span > 0 ? Math.Round((frames.Count - 1) / span, 3) : fallback;
        // Frames more than a second apart are a time-lapse (a slow case, a frame a minute): it plays at the given rate.
        return rate < 1 ? fallback : rate;
    }
}
