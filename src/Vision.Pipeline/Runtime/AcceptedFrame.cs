using System.Diagnostics;

namespace Vision.Pipeline.Runtime;

/// <summary>A frame ingest accepted, with the dimensions its JPEG header declared and its trace (null while tracing is off).</summary>
internal readonly record struct AcceptedFrame(EncodedFrame Frame, int Width, int Height, Activity? Trace = null);
