using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// fast-plate-ocr (CCT-XS, global): a whole plate crop, one or two lines, stretched to 128×64 RGB, read as 9 character
/// slots over <c>0-9A-Z_</c>. Thread-safe: concurrent calls run concurrently on one session.
/// </summary>
public sealed class FastPlateOcrReader : IPlateReader, IDisposable
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    private const char EmptySlot = '_';
    private const int InputWidth = 128;
    private const int InputHeight = 64;

    /// <summary>
    /// The most crops one inference run reads; larger calls are read 32 at a time. A run costs about 1.9 ms a crop on
    /// 2 cores at any batch size up to 40 once <see cref="InferenceHeap"/> keeps freed buffers (before it, 4–11 ms a crop at
    /// some batch sizes: the runs' buffers were mapped afresh each time).
    /// </summary>
    public const int MaxCropsPerRun = 32;

    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly int _fixedBatch;

    /// <summary>A reader with a session of its own (tools and tests).</summary>
    public FastPlateOcrReader(string modelPath, InferenceOptions? options = null)
        : this(ModelSession.Load(modelPath, options), ownsSession: true)
    {
    }

    /// <summary>A reader on a shared session (which it does not dispose).</summary>
    public FastPlateOcrReader(ModelSession session)
        : this(session, ownsSession: false)
    {
    }

    private FastPlateOcrReader(ModelSession session, bool ownsSession)
    {
        _session = session;
        _ownsSession = ownsSession;
        try
        {
            Model = session.Identity;
            var (inputName, input) = session.Inputs.First();
            var dimensions = input.Dimensions;
            if (input.ElementType != typeof(byte) || dimensions.Length != 4 || dimensions[1] != InputHeight || dimensions[2] != InputWidth || dimensions[3] != 3)
            {
                throw new InvalidOperationException(
                    $"Plate OCR model '{session.Path}' input '{inputName}' must be uint8 [N,{InputHeight},{InputWidth},3]; it is {input.ElementType.Name} [{string.Join(",", dimensions)}].");
            }

            _fixedBatch = dimensions[0];
            session.WarmUp(Math.Max(1, _fixedBatch), InputHeight, InputWidth, 3);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ModelIdentity Model { get; }

    /// <summary>Reads the crops in one inference run per <see cref="MaxCropsPerRun"/> (one per crop when the model's batch is fixed).</summary>
    public IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops) => [.. Score(plateCrops).Select(scores => Decode(scores, Model))];

    public void Dispose()
    {
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }

    /// <summary>Per crop, in order, the model's slot probabilities: one inference run per <see cref="MaxCropsPerRun"/> crops (one per crop when the model's batch is fixed).</summary>
    internal IReadOnlyList<SlotScores> Score(IReadOnlyList<Mat> plateCrops)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        if (plateCrops.Count == 0)
        {
            return [];
        }

        var cropsPerRun = _fixedBatch > 0 ? 1 : MaxCropsPerRun;
        return plateCrops.Count <= cropsPerRun
            ? ScoreBatch(plateCrops)
            : [.. plateCrops.Chunk(cropsPerRun).SelectMany(ScoreBatch)];
    }

    /// <summary>
    /// A read of the most likely character of each slot, empty slots left out. An empty slot's doubt goes to the
    /// character before it (the first one when none is): a last character read as empty at 0.46 against a 9 at 0.44
    /// left a sure, valid, shorter plate (<c>75-H1 425.99</c> read <c>75-H1 4259</c>, an older format, at 0.95).
    /// </summary>
    internal static PlateRead Decode(SlotScores scores, ModelIdentity model)
    {
        var characters = new System.Text.StringBuilder(scores.Slots);
        var confidences = new List<float>(scores.Slots);
        var leadingEmpty = 1f;
        for (var slot = 0; slot < scores.Slots; slot++)
        {
            var row = scores.Slot(slot);
            var best = 0;
            for (var c = 1; c < row.Length; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (Alphabet[best] != EmptySlot)
            {
                characters.Append(Alphabet[best]);
                confidences.Add(MathF.Min(row[best], leadingEmpty));
                leadingEmpty = 1f;
            }
            else if (confidences.Count > 0)
            {
                confidences[^1] = MathF.Min(confidences[^1], row[best]);
            }
            else
            {
                leadingEmpty = MathF.Min(leadingEmpty, row[best]);
            }
        }

        return new PlateRead(characters.ToString(), confidences, model);
    }

    private SlotScores[] ScoreBatch(IReadOnlyList<Mat> crops)
    {
        const int crop = InputWidth * InputHeight * 3;
        using var input = _session.RentInput<byte>(crops.Count, InputHeight, InputWidth, 3);
        var pixels = input.Span;
        using (var resized = new Mat())
        using (var rgb = new Mat())
        {
            for (var i = 0; i < crops.Count; i++)
            {
                Cv2.Resize(crops[i], resized, new Size(InputWidth, InputHeight), 0, 0, InterpolationFlags.Linear);
                Cv2.CvtColor(resized, rgb, ColorConversionCodes.BGR2RGB);
                CopyContinuous(rgb, pixels.Slice(i * crop, crop));
            }
        }

        using var outputs = _session.Run([input.Value]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var slots = (int)shape[1];
        var classes = (int)shape[2];
        var scores = new SlotScores[crops.Count];
        for (var i = 0; i < crops.Count; i++)
        {
            scores[i] = new SlotScores(values.Slice(i * slots * classes, slots * classes).ToArray(), slots, classes);
        }

        return scores;
    }

    private static unsafe void CopyContinuous(Mat image, Span<byte> destination)
    {
        var rowBytes = image.Width * 3;
        var height = image.Height;
        for (var y = 0; y < height; y++)
        {
            new ReadOnlySpan<byte>((void*)image.Ptr(y), rowBytes).CopyTo(destination.Slice(y * rowBytes, rowBytes));
        }
    }
}
