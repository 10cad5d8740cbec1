using System.Text;
using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// PP-OCRv4's CTC text-line recogniser used as a plate reader (the second opinion): it reads one line, so a two-line
/// crop is split into halves read separately; it reads Chinese and punctuation too, of which only A–Z and 0–9 are kept.
/// Thread-safe: concurrent calls run concurrently on one session.
/// </summary>
public sealed class PaddleTextRecognizer : IPlateReader, IDisposable
{
    private const int InputHeight = 48;
    private const int MinWidth = 48;
    private const int MaxWidth = 320;
    private const int WidthStep = 8;

    // The SVTR activations of one line at full width are several megabytes: a photo with many candidate plates
    // (every vehicle × every reading margin) read in one run held hundreds of megabytes at once.
    private const int MaxLinesPerRun = 8;
    private const int Blank = 0;

    /// <summary>A crop this much taller than wide (height / width) holds two lines.</summary>
    public const float TwoLineAspect = 0.6f;

    // The halves overlap by this fraction of the height so that characters straddling the middle survive.
    private const float HalfOverlap = 0.05f;

    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly string[] _vocabulary;

    /// <summary>A recogniser with a session of its own (tools and tests).</summary>
    /// <param name="modelPath">ch_PP-OCRv4_rec_infer.onnx.</param>
    /// <param name="dictionaryPath">ppocr_keys_v1.txt: one symbol per line, for class indices 1..N.</param>
    /// <param name="options">The model's override of <c>Vision:Inference</c>.</param>
    public PaddleTextRecognizer(string modelPath, string dictionaryPath, InferenceOptions? options = null)
        : this(LoadChecked(modelPath, dictionaryPath, options), dictionaryPath, ownsSession: true)
    {
    }

    /// <summary>A recogniser on a shared session (which it does not dispose).</summary>
    public PaddleTextRecognizer(ModelSession session, string dictionaryPath)
        : this(session, dictionaryPath, ownsSession: false)
    {
    }

    private PaddleTextRecognizer(ModelSession session, string dictionaryPath, bool ownsSession)
    {
        _session = session;
        _ownsSession = ownsSession;
        try
        {
            _vocabulary = [string.Empty, .. File.ReadAllLines(RequireDictionary(dictionaryPath)), " "];
            Model = session.Identity;
            session.WarmUp(1, 3, InputHeight, MaxWidth);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static ModelSession LoadChecked(string modelPath, string dictionaryPath, InferenceOptions? options)
    {
        RequireDictionary(dictionaryPath);
        return ModelSession.Load(modelPath, options);
    }

    private static string RequireDictionary(string dictionaryPath) => File.Exists(dictionaryPath)
        ? dictionaryPath
        : throw new FileNotFoundException($"Recogniser dictionary '{dictionaryPath}' does not exist. Run ./setup.sh to provision the models.", dictionaryPath);

    public ModelIdentity Model { get; }

    /// <summary>Reads every line of every crop, at most <see cref="MaxLinesPerRun"/> lines an inference run; two-line crops give top line, then bottom line.</summary>
    public IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        if (plateCrops.Count == 0)
        {
            return [];
        }

        var lines = new List<Mat>();
        var linesPerCrop = new int[plateCrops.Count];
        try
        {
            for (var i = 0; i < plateCrops.Count; i++)
            {
                var crop = plateCrops[i];
                if ((float)crop.Height / crop.Width > TwoLineAspect && crop.Height >= 4)
                {
                    var overlap = (int)MathF.Round(crop.Height * HalfOverlap);
                    var middle = crop.Height / 2;
                    lines.Add(new Mat(crop, new Rect(0, 0, crop.Width, Math.Min(crop.Height, middle + overlap))));
                    lines.Add(new Mat(crop, new Rect(0, Math.Max(0, middle - overlap), crop.Width, crop.Height - Math.Max(0, middle - overlap))));
                    linesPerCrop[i] = 2;
                }
                else
                {
                    lines.Add(new Mat(crop, new Rect(0, 0, crop.Width, crop.Height)));
                    linesPerCrop[i] = 1;
                }
            }

            var lineReads = ReadLines(lines);
            var reads = new List<PlateRead>(plateCrops.Count);
            var next = 0;
            foreach (var count in linesPerCrop)
            {
                var characters = new StringBuilder();
                var confidences = new List<float>();
                var lineLengths = new int[count];
                for (var line = 0; line < count; line++, next++)
                {
                    characters.Append(lineReads[next].Characters);
                    confidences.AddRange(lineReads[next].Confidences);
                    lineLengths[line] = lineReads[next].Characters.Length;
                }

                reads.Add(new PlateRead(characters.ToString(), confidences, Model) { LineLengths = lineLengths });
            }

            return reads;
        }
        finally
        {
            lines.ForEach(line => line.Dispose());
        }
    }

    public void Dispose()
    {
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }

    private List<(string Characters, List<float> Confidences)> ReadLines(List<Mat> lines)
    {
        var widths = lines.Select(line => InputWidthFor(line.Width, line.Height)).ToArray();
        // Every run pads to the widest line of the whole call, so a line reads the same whichever run it falls in.
        var batchWidth = widths.Max();
        var results = new List<(string, List<float>)>(lines.Count);
        for (var first = 0; first < lines.Count; first += MaxLinesPerRun)
        {
            ReadRun(lines, widths, first, Math.Min(MaxLinesPerRun, lines.Count - first), batchWidth, results);
        }

        return results;
    }

    private void ReadRun(List<Mat> lines, int[] widths, int first, int count, int batchWidth, List<(string, List<float>)> results)
    {
        var planeLength = InputHeight * batchWidth;
        // Right padding is 0 after normalisation, as PaddleOCR pads its batches.
        using var input = _session.RentInput<float>(count, 3, InputHeight, batchWidth);
        var tensor = input.Span;
        tensor.Clear();
        using (var resized = new Mat())
        {
            for (var i = 0; i < count; i++)
            {
                Cv2.Resize(lines[first + i], resized, new Size(widths[first + i], InputHeight), 0, 0, InterpolationFlags.Linear);
                WritePlanes(resized, tensor.Slice(i * 3 * planeLength, 3 * planeLength), batchWidth);
            }
        }

        using var outputs = _session.Run([input.Value]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var steps = (int)shape[1];
        var classes = (int)shape[2];
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        for (var i = 0; i < count; i++)
        {
            // Steps past a line's own width only saw padding.
            var ownSteps = Math.Min(steps, widths[first + i] / WidthStep);
            results.Add(DecodeGreedy(probabilities.Slice(i * steps * classes, steps * classes), ownSteps, classes));
        }
    }

    private (string Characters, List<float> Confidences) DecodeGreedy(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var characters = new StringBuilder();
        var confidences = new List<float>();
        var previous = Blank;
        for (var step = 0; step < steps; step++)
        {
            var row = probabilities.Slice(step * classes, classes);
            var best = 0;
            for (var c = 1; c < row.Length; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best != Blank && best != previous && best < _vocabulary.Length)
            {
                foreach (var character in PlateCharacters.Normalize(_vocabulary[best]))
                {
                    characters.Append(character);
                    confidences.Add(row[best]);
                }
            }

            previous = best;
        }

        return (characters.ToString(), confidences);
    }

    private static int InputWidthFor(int width, int height)
    {
        var scaled = (int)MathF.Round(InputHeight * (float)width / Math.Max(1, height));
        var aligned = (int)MathF.Round(scaled / (float)WidthStep) * WidthStep;
        return Math.Clamp(aligned, MinWidth, MaxWidth);
    }

    private static unsafe void WritePlanes(Mat bgr, Span<float> destination, int batchWidth)
    {
        var planeLength = InputHeight * batchWidth;
        var width = bgr.Width;
        var height = bgr.Height;
        for (var y = 0; y < height; y++)
        {
            var row = (byte*)bgr.Ptr(y);
            for (var x = 0; x < width; x++)
            {
                for (var channel = 0; channel < 3; channel++)
                {
                    destination[channel * planeLength + y * batchWidth + x] = row[x * 3 + channel] / 127.5f - 1f;
                }
            }
        }
    }
}
