using OpenCvSharp;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Writes buffered camera frames as an MP4 clip: H.264 with each frame's real capture time when Debian's <c>ffmpeg</c>
/// is installed (<see cref="H264ClipEncoder"/>; browsers play it), otherwise MPEG-4 Part 2 ("mp4v") through the FFmpeg
/// that OpenCV bundles (it has no H.264 encoder), at the frames' own average rate (count over capture span), which
/// desktop players and OpenCV decode but browsers do not.
/// </summary>
public static class EvidenceClipWriter
{
    public const string Codec = "mp4v";

    /// <param name="fallbackFramesPerSecond">A time-lapse's rate; a real-time clip's when its frames' capture times give none (one frame).</param>
    /// <param name="timeLapse">A slow case's frames (a minute apart): played evenly at <paramref name="fallbackFramesPerSecond"/>;
    /// otherwise each frame at its capture time, however few frames a stalled camera sent.</param>
    /// <param name="transform">Applied to each decoded frame before it is encoded (the redacted copy obscures regions); returns the image to write, which the writer disposes when it is not the one given.</param>
    /// <returns>The clip, or null when there are no frames or the encoder could not be opened.</returns>
    public static EvidenceClip? Write(string path, IReadOnlyList<EncodedFrame> frames, double fallbackFramesPerSecond, bool timeLapse,
        CancellationToken cancellationToken, Func<Mat, EncodedFrame, Mat>? transform = null)
    {
        if (frames.Count == 0)
        {
            return null;
        }

        var framesPerSecond = timeLapse ? fallbackFramesPerSecond : CaptureRate(frames) ?? fallbackFramesPerSecond;
        var (firstSequence, lastSequence) = (frames[0].Sequence, frames[^1].Sequence);
        if (H264ClipEncoder.IsAvailable)
        {
            var encodable = EncodableFrames(frames, transform, cancellationToken);
            if (timeLapse)
            {
                // A time-lapse plays at the given rate, not over the episode's real hour: frames are spaced evenly.
                encodable = encodable.Select((f, i) => (f.Jpeg, frames[0].CapturedAt + TimeSpan.FromSeconds(i / framesPerSecond))).ToList();
            }

            if (encodable.Count > 0 && H264ClipEncoder.TryWrite(path, encodable, fallbackFramesPerSecond, cancellationToken))
            {
                return new EvidenceClip(H264ClipEncoder.Codec, encodable.Count, framesPerSecond, firstSequence, lastSequence);
            }

            // FFmpeg failed: the frames are transformed already, so the fallback encodes them as they are.
            frames = encodable.Select((f, i) => frames[0] with { Sequence = firstSequence + i, CapturedAt = f.CapturedAt, Jpeg = f.Jpeg }).ToList();
            transform = null;
            if (frames.Count == 0)
            {
                return null;
            }
        }

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

        return written == 0 ? null : new EvidenceClip(Codec, written, framesPerSecond, firstSequence, lastSequence);
    }

    /// <summary>The JPEG of every frame to encode: as captured, or decoded, transformed and re-encoded when there is a transform.</summary>
    private static List<(ReadOnlyMemory<byte> Jpeg, DateTimeOffset CapturedAt)> EncodableFrames(
        IReadOnlyList<EncodedFrame> frames, Func<Mat, EncodedFrame, Mat>? transform, CancellationToken cancellationToken)
    {
        var encodable = new List<(ReadOnlyMemory<byte>, DateTimeOffset)>(frames.Count);
        foreach (var frame in frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (transform is null)
            {
                encodable.Add((frame.Jpeg, frame.CapturedAt));
                continue;
            }

            using var decoded = Cv2.ImDecode(frame.Jpeg.Span, ImreadModes.Color | ImreadModes.IgnoreOrientation);
            if (decoded.Empty())
            {
                continue;
            }

            var image = transform(decoded, frame);
            using var transformed = ReferenceEquals(image, decoded) ? null : image;
            encodable.Add((image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95)), frame.CapturedAt));
        }

        return encodable;
    }

    private static double? CaptureRate(IReadOnlyList<EncodedFrame> frames)
    {
        var span = (frames[^1].CapturedAt - frames[0].CapturedAt).TotalSeconds;
        return frames.Count > 1 && span > 0 ? Math.Round((frames.Count - 1) / span, 3) : null;
    }
}
