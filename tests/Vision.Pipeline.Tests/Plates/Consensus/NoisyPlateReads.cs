using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Tests.Plates.Consensus;

/// <summary>
/// Thirty scripted reads of one motorbike plate, 75H142599, over a track: the reader's favourite confusion (2→Z) is the
/// most frequent read, other confusions, a cut-off first character, garbage, and two tiny blurred crops read
/// confidently as another plate. A seeded generator jitters confidences and sharpness and shuffles the frames.
/// </summary>
internal static class NoisyPlateReads
{
    public const string Plate = "75H142599";
    public const string FormattedPlate = "75-H1 425.99";
    public const int ReadCount = 30;

    private static readonly ModelIdentity Reader = new("scripted-reader", new string('0', 64));
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.FromHours(7));

    private static readonly (string Text, int Reads, float Confidence, int Height, double Sharpness, bool Valid)[] Script =
    [
        ("75H14Z599", 8, 0.80f, 44, 300, false), // 2→Z on sharp crops: the most frequent read
        (Plate, 6, 0.82f, 48, 200, true),
        ("7SH142599", 4, 0.80f, 44, 180, false), // 5→S
        ("75HI42599", 3, 0.78f, 40, 160, false), // 1→I
        ("75H142S99", 3, 0.78f, 40, 160, false), // 5→S
        ("5H142599", 2, 0.75f, 36, 140, false), // first character cut off at the crop's edge
        ("7H1", 1, 0.15f, 30, 80, false), // garbage
        ("A1XX9", 1, 0.10f, 30, 80, false), // garbage
        ("73H142588", 2, 0.99f, 12, 15, true), // tiny blurred crops, confidently wrong: the most confident read
    ];

    /// <summary>The reads in frame order; <paramref name="seed"/> picks the jitter and the order.</summary>
    public static PlateObservation[] Generate(int seed = 2025)
    {
        var random = new Random(seed);
        var reads = new List<(string Text, float Confidence, int Height, double Sharpness, bool Valid)>();
        foreach (var (text, count, confidence, height, sharpness, valid) in Script)
        {
            for (var i = 0; i < count; i++)
            {
                reads.Add((text, confidence, height, sharpness, valid));
            }
        }

        for (var i = reads.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (reads[i], reads[j]) = (reads[j], reads[i]);
        }

        var observations = new PlateObservation[reads.Count];
        for (var frame = 0; frame < reads.Count; frame++)
        {
            var (text, confidence, height, sharpness, valid) = reads[frame];
            var characterConfidences = text.Select(_ => confidence - (float)(random.NextDouble() * 0.04)).ToArray();
            observations[frame] = Observe(
                text, characterConfidences, valid, frame, height, sharpness * (0.8 + 0.4 * random.NextDouble()));
        }

        return observations;
    }

    public static PlateObservation Observe(
        string text, IReadOnlyList<float> characterConfidences, bool valid, long frame, int cropHeight, double sharpness) =>
        new(
            new PlateRead(text, characterConfidences, Reader),
            valid && text == Plate ? FormattedPlate : valid ? $"{text[..2]}-{text[2..4]} {text[4..7]}.{text[7..]}" : null,
            valid,
            frame,
            Start.AddMilliseconds(40 * frame),
            CropWidth: cropHeight * 4 / 3,
            cropHeight,
            sharpness,
            new byte[] { 0xFF, 0xD8, (byte)frame });

    public static PlateObservation Observe(string text, float confidence, long frame, int cropHeight = 48, double sharpness = 200) =>
        Observe(text, [.. text.Select(_ => confidence)], valid: false, frame, cropHeight, sharpness);
}
