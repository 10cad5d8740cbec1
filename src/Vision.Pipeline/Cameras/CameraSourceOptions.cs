using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Cameras;

/// <summary>A video file or stream URL (RTSP, HTTP) read with OpenCV's VideoCapture.</summary>
public sealed class CameraSourceOptions
{
    /// <summary>File path (a relative path resolves against the working directory or the nearest parent where it exists) or stream URL such as rtsp://host/stream.</summary>
    public string Uri { get; set; } = string.Empty;

    /// <summary>RealTime plays at the clip's frame rate and drops like a live camera; AsFastAsPossible replays losslessly.</summary>
    public SourcePace Pace { get; set; } = SourcePace.RealTime;

    /// <summary>Start again at the end of a file (for a demo camera).</summary>
    public bool Loop { get; set; }

    /// <summary>JPEG quality used to encode the frames read, so they travel as a gateway's would (9 for 90 read plates at quality 9).</summary>
    [Range(30, 100)]
    public int JpegQuality { get; set; } = 90;
}
