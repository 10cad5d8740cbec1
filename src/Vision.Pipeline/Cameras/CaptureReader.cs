using System.Threading.Channels;
using OpenCvSharp;

namespace Vision.Pipeline.Cameras;

/// <summary>
/// Reads a video file with OpenCV's blocking <see cref="VideoCapture"/> on a dedicated thread and hands its
/// frames over JPEG-encoded, at most <see cref="FramesAhead"/> ahead of the consumer, through <see cref="Frames"/>.
/// The OpenCV runtime served here opens no network stream: <see cref="FfmpegStreamReader"/> reads those.
/// </summary>
internal sealed class CaptureReader : ICaptureReader
{
    public const int FramesAhead = 2;

    private readonly Channel<(byte[] Jpeg, DateTimeOffset CapturedAt)> _frames =
        Channel.CreateUnbounded<(byte[], DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Never disposed: it holds no wait handle, and the consumer may still release it after the thread ended.
    private readonly SemaphoreSlim _room = new(FramesAhead, FramesAhead);
    private readonly TaskCompletionSource<double> _framesPerSecond = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop;
    private readonly string _uri;
    private readonly string _cameraId;
    private readonly int _jpegQuality;
    private readonly TimeProvider _time;

    public CaptureReader(string uri, string cameraId, int jpegQuality, TimeProvider time, CancellationToken cancellationToken)
    {
        _uri = uri;
        _cameraId = cameraId;
        _jpegQuality = jpegQuality;
        _time = time;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        new Thread(Read) { IsBackground = true, Name = $"capture {cameraId}" }.Start();
    }

    /// <summary>The source's own frame rate, once it is open (0 when it does not say); faults when it cannot be opened.</summary>
    public Task<double> FramesPerSecond => _framesPerSecond.Task;

    /// <summary>Frames in order; completes at the end of the source, with the reading error if one stopped it.</summary>
    public ChannelReader<(byte[] Jpeg, DateTimeOffset CapturedAt)> Frames => _frames.Reader;

    /// <summary>Completes when the reading thread has released the capture.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The consumer took a frame: the reader may grab one more.</summary>
    public void Consumed() => _room.Release();

    public void Dispose()
    {
        // Stops the thread; the capture is released on it once its current read returns.
        _stop.Cancel();
        _completion.Task.ContinueWith(static (_, stop) => ((CancellationTokenSource)stop!).Dispose(), _stop, TaskScheduler.Default);
    }

    private void Read()
    {
        try
        {
            using var capture = new VideoCapture(_uri);
            if (!capture.IsOpened())
            {
                throw new IOException($"Camera '{_cameraId}': cannot open video source '{SourceUri.Redacted(_uri)}'.");
            }

            _framesPerSecond.TrySetResult(capture.Fps);
            int[] encodeParameters = [(int)ImwriteFlags.JpegQuality, _jpegQuality];
            using var frame = new Mat();
            while (WaitForRoom() && capture.Read(frame) && !frame.Empty())
            {
                var readAt = _time.GetUtcNow();
                Cv2.ImEncode(".jpg", frame, out var jpeg, encodeParameters);
                _frames.Writer.TryWrite((jpeg, readAt));
            }

            _frames.Writer.TryComplete();
        }
        catch (Exception error)
        {
            _framesPerSecond.TrySetException(error);
            _frames.Writer.TryComplete(error is OperationCanceledException ? null : error);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private bool WaitForRoom()
    {
        try
        {
            _room.Wait(_stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
