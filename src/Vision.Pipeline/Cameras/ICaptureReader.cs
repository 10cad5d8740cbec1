using System.Threading.Channels;

namespace Vision.Pipeline.Cameras;

/// <summary>A camera source read on a thread or process of its own, its frames handed over JPEG-encoded, a few ahead of the consumer.</summary>
internal interface ICaptureReader : IDisposable
{
    /// <summary>The source's own frame rate, once it is open (0 when it does not say); faults when it cannot be opened.</summary>
    Task<double> FramesPerSecond { get; }

    /// <summary>
    /// Frames in order, each with when it was captured as far as the reader can tell (a live stream: the time its camera
    /// gave it; a file: the time it was read, which the replay replaces with the file's own pace); completes at the end
    /// of the source, with the reading error if one stopped it.
    /// </summary>
    ChannelReader<(byte[] Jpeg, DateTimeOffset CapturedAt)> Frames { get; }

    /// <summary>Completes when the source is released.</summary>
    Task Completion { get; }

    /// <summary>The consumer took a frame: the reader may take one more.</summary>
    void Consumed();
}
