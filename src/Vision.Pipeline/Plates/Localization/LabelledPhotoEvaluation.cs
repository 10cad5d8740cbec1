using OpenCvSharp;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Finds and reads the plate in every photo of a labelled set (openalpr layout: <c>NAME.txt</c> holds
/// <c>NAME.jpg\tx\ty\tw\th\tTEXT</c>); a photo counts when its most confident valid read equals the label, normalised.
/// </summary>
public static class LabelledPhotoEvaluation
{
    /// <param name="onMiss">Told the photo, the expected text and what was read (null: nothing valid).</param>
    public static (int Correct, int Total) Run(PlatePhotoReader reader, string directory, Action<string, string, string?>? onMiss = null)
    {
        var labels = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToList();
        var correct = 0;
        foreach (var labelFile in labels)
        {
            var fields = File.ReadAllText(labelFile).Trim().Split('\t');
            using var photo = Cv2.ImRead(Path.Combine(directory, fields[0]), ImreadModes.Color);
            var best = reader.Read(photo).Where(read => read.IsValid).OrderByDescending(read => read.Confidence).FirstOrDefault();
            var expected = PlateCharacters.Normalize(fields[5]);
            if (best?.Text.Normalized == expected)
            {
                correct++;
            }
            else
            {
                onMiss?.Invoke(fields[0], expected, best?.Text.Normalized);
            }
        }

        return (correct, labels.Count);
    }
}
