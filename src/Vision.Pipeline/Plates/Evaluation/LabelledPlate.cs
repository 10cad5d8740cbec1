using System.Globalization;
using OpenCvSharp;

namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>
/// One labelled plate: the image it is in, its text as written (compared normalised: A–Z, 0–9, Đ → D), and optionally
/// its box in the image (then the reading crop is cut around it by the <see cref="Localization.PlateCrop"/> rule).
/// </summary>
public sealed record LabelledPlate(string ImagePath, string Label, Rect? PlateBox = null)
{
    /// <summary>
    /// Reads a label file: one plate a line, <c>file&lt;TAB&gt;text</c> or <c>file&lt;TAB&gt;text&lt;TAB&gt;x&lt;TAB&gt;y&lt;TAB&gt;w&lt;TAB&gt;h</c>,
    /// file names relative to <paramref name="imageDirectory"/>; empty lines and lines starting with <c>#</c> are skipped.
    /// A photo with several plates has one line per plate.
    /// </summary>
    public static IReadOnlyList<LabelledPlate> ReadFile(string labelFile, string imageDirectory)
    {
        var plates = new List<LabelledPlate>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(labelFile))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length is not (2 or 6) || fields[0].Length == 0)
            {
                throw new FormatException($"{labelFile}:{lineNumber}: expected 'file<TAB>text' or 'file<TAB>text<TAB>x<TAB>y<TAB>w<TAB>h', got {fields.Length} fields.");
            }

            Rect? box = null;
            if (fields.Length == 6)
            {
                var numbers = fields[2..].Select(field => int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
                if (numbers.Any(n => n < 0) || numbers[2] == 0 || numbers[3] == 0)
                {
                    throw new FormatException($"{labelFile}:{lineNumber}: the plate box must be four non-negative integers x, y, w, h with w and h above 0.");
                }

                box = new Rect(numbers[0], numbers[1], numbers[2], numbers[3]);
            }

            plates.Add(new LabelledPlate(Path.Combine(imageDirectory, fields[0]), fields[1], box));
        }

        return plates;
    }
}
