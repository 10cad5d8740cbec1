using System.Numerics;
using OpenCvSharp;

namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>
/// The 64-bit DCT perceptual hash (pHash): the grey image area-averaged to 32×32, its 2-D DCT, and one bit per
/// coefficient of the lowest 8×8 frequencies telling whether it is above their median (the DC term excluded from the
/// median). Low frequencies survive re-encoding, resizing and mild colour changes.
/// </summary>
public static class PerceptualHash
{
    private const int SampleSide = 32;
    private const int HashSide = 8;

    public static ulong Of(Mat grey)
    {
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(SampleSide, SampleSide), 0, 0, InterpolationFlags.Area);
        using var samples = new Mat();
        small.ConvertTo(samples, MatType.CV_32F);
        using var frequencies = new Mat();
        Cv2.Dct(samples, frequencies);
        Span<float> low = stackalloc float[HashSide * HashSide];
        for (var row = 0; row < HashSide; row++)
        {
            for (var column = 0; column < HashSide; column++)
            {
                low[row * HashSide + column] = frequencies.At<float>(row, column);
            }
        }

        Span<float> sorted = stackalloc float[low.Length - 1];
        low[1..].CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        ulong hash = 0;
        for (var bit = 0; bit < low.Length; bit++)
        {
            if (low[bit] > median)
            {
                hash |= 1UL << bit;
            }
        }

        return hash;
    }

    public static int Distance(ulong first, ulong second) => BitOperations.PopCount(first ^ second);
}
