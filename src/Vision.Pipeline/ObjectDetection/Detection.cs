namespace Vision.Pipeline.ObjectDetection;

/// <summary>One object found by a detector: its box, its class index in the model's class list and its score.</summary>
public readonly record struct Detection(BoundingBox Box, int ClassId, float Confidence);
