namespace Vision.Pipeline.Runtime;

/// <summary>A frame ingest accepted, with the dimensions its JPEG header declared.</summary>
internal readonly record struct AcceptedFrame(EncodedFrame Frame, int Width, int Height);
