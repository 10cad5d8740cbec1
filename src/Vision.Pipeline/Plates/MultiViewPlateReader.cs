using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Reads each crop as it is and as a camera a fraction of a pixel away would have recorded it (shifted half a pixel
/// either way along the diagonal, scaled by ±6 %), and pools each character slot's probabilities over the views
/// (<see cref="SlotScores.GeometricMean"/>). A plate 20–30 px high is a handful of pixels per character; where noise and
/// compression tip one view's read of a character (6 or 5, 1 or 7), the other views rarely tip the same way. All views
/// of all crops are read in one call (<see cref="FastPlateOcrReader.MaxCropsPerRun"/> a run). The read names the one
/// model that made it; a character's confidence is its pooled probability, lower where the views disagree.
/// </summary>
public sealed class MultiViewPlateReader : IPlateReader
{
    /// <summary>The most views a crop is read in: the crop itself and four resampled views.</summary>
    public const int MaxViews = 5;

    private static readonly (float Dx, float Dy, float Scale)[] s_otherViews = [(0.5f, 0.5f, 1f), (-0.5f, -0.5f, 1f), (0, 0, 1.06f), (0, 0, 0.94f)];

    private readonly FastPlateOcrReader _reader;

    /// <param name="views">How many views each crop is read in, 1 (the crop alone) to <see cref="MaxViews"/>.</param>
    public MultiViewPlateReader(FastPlateOcrReader reader, int views)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(views, MaxViews);
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        Views = views;
    }

    public int Views { get; }

    public ModelIdentity Model => _reader.Model;

    public IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        var views = new List<Mat>(plateCrops.Count * Views);
        try
        {
            foreach (var crop in plateCrops)
            {
                views.Add(crop);
                views.AddRange(s_otherViews.Take(Views - 1).Select(view => ViewOf(crop, view.Dx, view.Dy, view.Scale)));
            }

            var scores = _reader.Score(views);
            return [.. Enumerable.Range(0, plateCrops.Count)
                .Select(i => FastPlateOcrReader.Decode(SlotScores.GeometricMean([.. scores.Skip(i * Views).Take(Views)]), Model))];
        }
        finally
        {
            for (var i = 0; i < views.Count; i++)
            {
                if (i % Views != 0)
                {
                    views[i].Dispose();
                }
            }
        }
    }

    /// <summary>The crop scaled about its centre and shifted, its size kept, the border repeated outwards.</summary>
    private static Mat ViewOf(Mat crop, float dx, float dy, float scale)
    {
        using var transform = Cv2.GetRotationMatrix2D(new Point2f(crop.Cols / 2f, crop.Rows / 2f), 0, scale);
        transform.Set(0, 2, transform.At<double>(0, 2) + dx);
        transform.Set(1, 2, transform.At<double>(1, 2) + dy);
        var view = new Mat();
        Cv2.WarpAffine(crop, view, transform, crop.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
        return view;
    }
}
