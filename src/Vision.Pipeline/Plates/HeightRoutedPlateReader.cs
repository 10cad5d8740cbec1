using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Reads plate crops no taller than <see cref="SmallPlateMaxHeight"/> pixels with a reader trained for small, blurred
/// plates (what a junction camera 15–30 m away records), and taller crops with the reader for sharp plates: the small
/// reader reads more small street-camera plates exactly, but fewer sharp close-ups (card in training/plates/model/).
/// Each group is read as one batch; reads come back in the crops' order, each naming the model that made it.
/// </summary>
public sealed class HeightRoutedPlateReader(IPlateReader small, IPlateReader sharp, int smallPlateMaxHeight) : IPlateReader
{
    /// <summary>The tallest crop, in pixels, that the small-plate reader reads.</summary>
    public int SmallPlateMaxHeight { get; } = smallPlateMaxHeight;

    /// <summary>The reader of sharp plates, which names this reader where one model is asked for.</summary>
    public ModelIdentity Model => sharp.Model;

    public IReadOnlyList<ModelIdentity> Models => [sharp.Model, small.Model];

    public IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        var smallOnes = new List<int>();
        var sharpOnes = new List<int>();
        for (var i = 0; i < plateCrops.Count; i++)
        {
            (plateCrops[i].Rows <= SmallPlateMaxHeight ? smallOnes : sharpOnes).Add(i);
        }

        if (sharpOnes.Count == 0)
        {
            return small.Read(plateCrops);
        }

        if (smallOnes.Count == 0)
        {
            return sharp.Read(plateCrops);
        }

        var reads = new PlateRead[plateCrops.Count];
        ReadInto(reads, small, smallOnes, plateCrops);
        ReadInto(reads, sharp, sharpOnes, plateCrops);
        return reads;
    }

    private static void ReadInto(PlateRead[] reads, IPlateReader reader, List<int> indices, IReadOnlyList<Mat> plateCrops)
    {
        var groupReads = reader.Read([.. indices.Select(i => plateCrops[i])]);
        for (var k = 0; k < indices.Count; k++)
        {
            reads[indices[k]] = groupReads[k];
        }
    }
}
