namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// How pixels become the model's input tensor: each value is (pixel × <see cref="Scale"/> − mean) / std, per input
/// plane in <see cref="ChannelOrder"/>, after an aspect-preserving resize placed on a canvas filled with <see cref="PadValue"/>.
/// </summary>
public sealed record PreprocessingSpec(
    ChannelOrder ChannelOrder,
    float Scale,
    float[] Mean,
    float[] Std,
    LetterboxPlacement Placement,
    byte PadValue)
{
    private static readonly float[] Zero = [0f, 0f, 0f];
    private static readonly float[] One = [1f, 1f, 1f];

    /// <summary>The recipe each model family was trained with (see models/manifest.json).</summary>
    public static PreprocessingSpec DefaultFor(ModelFormat format) => format switch
    {
        ModelFormat.Yolox => new(ChannelOrder.Bgr, 1f, Zero, One, LetterboxPlacement.TopLeft, 114),
        ModelFormat.NanoDet => new(ChannelOrder.Bgr, 1f, [103.53f, 116.28f, 123.675f], [57.375f, 57.12f, 58.395f], LetterboxPlacement.Center, 0),
        ModelFormat.YoloV5 or ModelFormat.YoloV8 => new(ChannelOrder.Rgb, 1f / 255f, Zero, One, LetterboxPlacement.Center, 114),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown model format."),
    };

    /// <summary>For each input plane, the tensor value of every possible 8-bit pixel value.</summary>
    public float[][] BuildLookupTables()
    {
        var tables = new float[3][];
        for (var plane = 0; plane < 3; plane++)
        {
            tables[plane] = new float[256];
            for (var value = 0; value < 256; value++)
            {
                tables[plane][value] = (value * Scale - Mean[plane]) / Std[plane];
            }
        }

        return tables;
    }
}
