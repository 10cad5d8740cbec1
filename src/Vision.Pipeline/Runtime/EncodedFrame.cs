namespace Vision.Pipeline.Runtime;

/// <summary>One camera frame as it travels: still JPEG-encoded, stamped with the camera's sequence number and capture time.</summary>
public sealed record EncodedFrame(string CameraId, long Sequence, DateTimeOffset CapturedAt, ReadOnlyMemory<byte> Jpeg);
