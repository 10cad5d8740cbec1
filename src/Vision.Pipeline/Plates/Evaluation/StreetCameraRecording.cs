using OpenCvSharp;

namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>
/// What a street camera adds to a distant plate besides having too few pixels on it: it looks down at the plate (the
/// top edge comes out narrower), the vehicle moves while the shutter is open (a short blur along its path), the
/// sensor adds noise and the stream is compressed. A plate crop taken close up and sharp, shrunk by
/// <see cref="CameraDistance"/> alone, reads far better than the same plate from a junction camera; these effects
/// close part of that gap. Each crop's effects come from a seed, so an evaluation repeats exactly.
/// </summary>
public static class StreetCameraRecording
{
    /// <summary>Up to this share of the width each top corner moves in: a camera a few metres up, 15-30 m away.</summary>
    public const double MaxKeystone = 0.08;

    /// <summary>Blur length range in pixels of the small image: a motorbike at 20-40 km/h with a 1/250-1/500 s shutter.</summary>
    public const double MinMotionBlur = 1.0, MaxMotionBlur = 2.0;

    /// <summary>Sensor noise (standard deviation, 8-bit levels) and JPEG quality of a busy camera stream.</summary>
    public const double NoiseSigma = 3.0;

    public const int JpegQuality = 50;

    /// <summary>The seed of a crop, stable across runs and machines: FNV-1a of its file name.</summary>
    public static int SeedOf(string imagePath)
    {
        var hash = 2166136261u;
        foreach (var character in Path.GetFileName(imagePath))
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }

    /// <summary>The crop as seen from above (in place of <paramref name="crop"/>, which it disposes).</summary>
    public static Mat LookDown(Mat crop, Random random)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(random);
        using (crop)
        {
            float width = crop.Width, height = crop.Height;
            var inset = (float)(random.NextDouble() * MaxKeystone * width);
            Point2f[] corners = [new(0, 0), new(width, 0), new(width, height), new(0, height)];
            Point2f[] seen = [new(inset, 0), new(width - inset, 0), new(width, height), new(0, height)];
            using var warp = Cv2.GetPerspectiveTransform(corners, seen);
            var result = new Mat();
            Cv2.WarpPerspective(crop, result, warp, crop.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
            return result;
        }
    }

    /// <summary>Motion blur, sensor noise and compression on the plate at its recorded (small) size, in place.</summary>
    public static void Record(Mat small, Random random)
    {
        ArgumentNullException.ThrowIfNull(small);
        ArgumentNullException.ThrowIfNull(random);
        using (var kernel = MotionKernel(random))
        {
            Cv2.Filter2D(small, small, -1, kernel, borderType: BorderTypes.Replicate);
        }

        AddSensorNoise(small, random);
        Cv2.ImEncode(".jpg", small, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, JpegQuality));
        using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Unchanged);
        decoded.CopyTo(small);
    }

    /// <summary>Gaussian noise of <see cref="NoiseSigma"/> on every 8-bit sample (Box-Muller on the crop's generator).</summary>
    private static void AddSensorNoise(Mat small, Random random)
    {
        if (small.Depth() != MatType.CV_8U || !small.IsContinuous())
        {
            throw new ArgumentException("A recorded plate is a continuous 8-bit image.", nameof(small));
        }

        var samples = new byte[small.Total() * small.Channels()];
        System.Runtime.InteropServices.Marshal.Copy(small.Data, samples, 0, samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            samples[i] = (byte)Math.Clamp(Math.Round(samples[i] + gaussian * NoiseSigma), 0, 255);
        }

        System.Runtime.InteropServices.Marshal.Copy(samples, 0, small.Data, samples.Length);
    }

    /// <summary>A line of <see cref="MinMotionBlur"/>-<see cref="MaxMotionBlur"/> px within 30° of horizontal (vehicles cross or approach at an angle).</summary>
    private static Mat<float> MotionKernel(Random random)
    {
        const int Size = 5, Centre = Size / 2, Samples = 9;
        var angle = (random.NextDouble() * 60 - 30) * Math.PI / 180;
        var length = MinMotionBlur + random.NextDouble() * (MaxMotionBlur - MinMotionBlur);
        var weights = new float[Size, Size];
        for (var i = 0; i < Samples; i++)
        {
            var along = -length / 2 + length * i / (Samples - 1);
            weights[(int)Math.Round(Centre + along * Math.Sin(angle)), (int)Math.Round(Centre + along * Math.Cos(angle))] += 1f / Samples;
        }

        return Mat.FromArray(weights);
    }
}
