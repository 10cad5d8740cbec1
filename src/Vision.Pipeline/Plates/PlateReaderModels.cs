using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Which plate-text model reads which plates (configuration <c>Vision:Plates:ReaderModels</c>): file names in the model
/// directory (or absolute paths) of models with the fast-plate-ocr contract (uint8 [N,64,128,3] RGB in, [N,9,37] slot
/// probabilities over <c>0-9A-Z_</c> out). Vietnamese cameras and photo triage use <see cref="Vietnamese"/>; cameras
/// with the generic grammar (foreign plates) use <see cref="Generic"/>. Both default to fast-plate-ocr's global model: a
/// reader trained with training/plates replaces it for Vietnamese plates only once it reads better on
/// <c>training/plates/evaluate.sh</c> (small and large vn_crops).
/// </summary>
public sealed class PlateReaderModels
{
    /// <summary>fast-plate-ocr's model for many countries.</summary>
    public const string FastPlateOcrGlobal = "fast_plate_ocr_cct_xs_v1_global.onnx";

    [Required]
    public string Vietnamese { get; set; } = FastPlateOcrGlobal;

    [Required]
    public string Generic { get; set; } = FastPlateOcrGlobal;

    /// <summary>The model file that reads plates checked with <paramref name="grammar"/>.</summary>
    public string For(PlateGrammarMode grammar) => grammar == PlateGrammarMode.Vietnamese ? Vietnamese : Generic;
}
