using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Which plate-text model reads which plates (configuration <c>Vision:Plates:ReaderModels</c>): file names in the model
/// directory (or absolute paths) of models with the fast-plate-ocr contract (uint8 [N,64,128,3] RGB in, [N,9,37] slot
/// probabilities over <c>0-9A-Z_</c> out). Vietnamese cameras and photo triage use the project's own readers (trained
/// with training/plates, cards in training/plates/model/): <see cref="VietnameseSmall"/> for crops up to
/// <see cref="SmallPlateMaxHeight"/> pixels high, <see cref="Vietnamese"/> above it. Cameras with the generic grammar
/// (foreign plates) use <see cref="Generic"/>, fast-plate-ocr's global model.
/// </summary>
public sealed class PlateReaderModels
{
    /// <summary>fast-plate-ocr's model for many countries.</summary>
    public const string GenericModelFile = "fast_plate_ocr_cct_xs_v1_global.onnx";

    /// <summary>The global model fine-tuned on synthetic Vietnamese plates as street cameras record them.</summary>
    public const string VietnameseModelFile = "vision_vn_plates_v3.onnx";

    /// <summary>The global model fine-tuned with nothing frozen on synthetic Vietnamese plates, mostly 14–36 px high.</summary>
    public const string VietnameseSmallModelFile = "vision_vn_small_plates_v2.onnx";

    /// <summary>The reader of Vietnamese plates taller than <see cref="SmallPlateMaxHeight"/> (sharp plates).</summary>
    [Required]
    public string Vietnamese { get; set; } = VietnameseModelFile;

    /// <summary>The reader of Vietnamese plates up to <see cref="SmallPlateMaxHeight"/> pixels high.</summary>
    [Required]
    public string VietnameseSmall { get; set; } = VietnameseSmallModelFile;

    /// <summary>
    /// The tallest plate crop, in pixels, read by <see cref="VietnameseSmall"/>; 0 reads every Vietnamese plate with
    /// <see cref="Vietnamese"/>. 36: 80 % of the small reader's training plates are 14–36 px high.
    /// </summary>
    [Range(0, 1000)]
    public int SmallPlateMaxHeight { get; set; } = 36;

    /// <summary>
    /// How many views of a small crop <see cref="VietnameseSmall"/> reads and pools (<see cref="MultiViewPlateReader"/>):
    /// 1 reads the crop alone.
    /// </summary>
    [Range(1, MultiViewPlateReader.MaxViews)]
    public int SmallPlateViews { get; set; } = MultiViewPlateReader.MaxViews;

    [Required]
    public string Generic { get; set; } = GenericModelFile;

    /// <summary>The model file that reads plates checked with <paramref name="grammar"/>.</summary>
    public string For(PlateGrammarMode grammar) => grammar == PlateGrammarMode.Vietnamese ? Vietnamese : Generic;
}
