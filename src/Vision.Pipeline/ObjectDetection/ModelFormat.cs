namespace Vision.Pipeline.ObjectDetection;

/// <summary>The output layout of a detection model, which selects its decoder and its default pre-processing.</summary>
public enum ModelFormat
{
    /// <summary>YOLOX grid head, [1, anchors, 5 + C], raw offsets decoded against strides 8/16/32.</summary>
    Yolox,

    /// <summary>NanoDet (GFL head): per stride, class scores [1, N, C] and distance distributions [1, N, 4 × bins].</summary>
    NanoDet,

    /// <summary>YOLOv5 export, [1, N, 5 + C]: centre, size, objectness, class scores, already decoded.</summary>
    YoloV5,

    /// <summary>YOLOv8 / YOLO11 export, [1, 4 + C, N]: centre, size, class scores, no objectness.</summary>
    YoloV8,
}
