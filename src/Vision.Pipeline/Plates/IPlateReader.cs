using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>Reads the characters of plate crops (8-bit BGR images holding one plate each, one or two lines).</summary>
public interface IPlateReader
{
    ModelIdentity Model { get; }

    /// <summary>Every model this reader may read with (one, unless it routes crops to several).</summary>
    IReadOnlyList<ModelIdentity> Models => [Model];

    /// <summary>One read per crop, in order; a crop with no readable character gives an empty read.</summary>
    IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops);
}
