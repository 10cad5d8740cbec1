namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>What the labelled images are, and so what runs before the crop reader.</summary>
public enum PlateEvaluationMode
{
    /// <summary>Plate crops (or photos with the plate's box in the label file): read as they are.</summary>
    PlateCrops,

    /// <summary>Vehicle crops, as the camera pipeline cuts them from frames: the plate is located first, then read.</summary>
    CameraCrops,

    /// <summary>Whole photos, as triage gets them: vehicles detected, plates located on them and on the whole photo, read.</summary>
    Photos,
}
