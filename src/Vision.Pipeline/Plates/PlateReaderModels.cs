using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Which plate-text model reads which plates (configuration <c>Vision:Plates:ReaderModels</c>): file names in the model
/// directory (or absolute paths) of models with the fast-plate-ocr contract (uint8 [N,64,128,3] RGB in, [N,9,37] slot
/// probabilities over <c>0-9A-Z_</c> out). Vietnamese cameras and photo triage use <see cref="Vietnamese"/>, by default
/// the project's own reader (<see cref="VietnameseModelFile"/>, trained with training/plates, card in
/// training/plates/model/: more shrunk vn_crops read exactly and fewer wrong reads marked valid than the global model,
/// at every height); cameras with the generic grammar (foreign plates) use <see cref="Generic"/>, fast-plate-ocr's global model.
/// </summary>
public sealed class PlateReaderModels
{
    /// <summary>fast-plate-ocr's model for many countries.</summary>
    public const string GenericModelFile = "fast_plate_ocr_cct_xs_v1_global.onnx";

    /// <summary>The global model fine-tuned on synthetic Vietnamese plates as street cameras record them.</summary>
    public const string VietnameseModelFile = "vision_vn_plates_v3.onnx";

    [Required]
    public string Vietnamese { get; set; } = VietnameseModelFile;

    [Required]
    public string Generic { get; set; } = GenericModelFile;

    /// <summary>The model file that reads plates checked with <paramref name="grammar"/>.</summary>
    public string For(PlateGrammarMode grammar) => grammar == PlateGrammarMode.Vietnamese ? Vietnamese : Generic;
}
