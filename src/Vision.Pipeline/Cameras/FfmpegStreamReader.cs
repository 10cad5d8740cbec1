using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Vision.Pipeline.Cameras;

/// <summary>
/// Reads a network stream (RTSP, HTTP) with Debian's <c>ffmpeg</c> in a process of its own, re-encoded as a stream of
/// JPEG frames on its standard output, at most <see cref="CaptureReader.FramesAhead"/> ahead of the consumer. The
/// OpenCV runtime Vision ships opens files but no network stream. RTSP goes over TCP (no lost UDP packets smearing
/// frames); a stream silent for <see cref="SilentStreamTimeout"/> ends with an error, so the supervisor opens it again.
/// </summary>
internal sealed class FfmpegStreamReader : ICaptureReader
{
    /// <summary>How long a connected or connecting stream may send nothing before it counts as ended.</summary>
    public static readonly TimeSpan SilentStreamTimeout = TimeSpan.FromSeconds(10);

    private const int ErrorTailLength = 500;

    private readonly Channel<(byte[] Jpeg, DateTimeOffset GrabbedAt)> _frames =
        Channel.CreateUnbounded<(byte[], DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly SemaphoreSlim _room = new(CaptureReader.FramesAhead, CaptureReader.FramesAhead);
    private readonly TaskCompletionSource<double> _framesPerSecond = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private readonly string _uri;
    private readonly string _cameraId;
    private readonly int _jpegQuality;
    private readonly TimeProvider _time;
    private int _disposed;

    public FfmpegStreamReader(string uri, string cameraId, int jpegQuality, TimeProvider time, CancellationToken cancellationToken)
    {
        _uri = uri;
        _cameraId = cameraId;
        _jpegQuality = jpegQuality;
        _time = time;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = Task.Run(ReadAsync, CancellationToken.None);
    }

    public Task<double> FramesPerSecond => _framesPerSecond.Task;

    public ChannelReader<(byte[] Jpeg, DateTimeOffset GrabbedAt)> Frames => _frames.Reader;

    public Task Completion => _reading;

    public void Consumed() => _room.Release();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Kills the process; the reading task ends with it.
        _stop.Cancel();
        _reading.ContinueWith(static (_, stop) => ((CancellationTokenSource)stop!).Dispose(), _stop, TaskScheduler.Default);
    }

    /// <summary>The arguments: the stream in, MJPEG frames out at the configured quality (ffmpeg's scale: 2 best, 31 worst).</summary>
    internal static IReadOnlyList<string> Arguments(string uri, int jpegQuality)
    {
        var timeoutMicroseconds = ((long)SilentStreamTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        // The RTSP demuxer opens its own connection and takes its socket time-out as -timeout; other protocols as -rw_timeout.
        arguments.AddRange(uri.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)
            ? ["-rtsp_transport", "tcp", "-timeout", timeoutMicroseconds]
            : ["-rw_timeout", timeoutMicroseconds]);

        var scale = Math.Clamp((int)Math.Round(2 + ((100 - jpegQuality) * 29 / 99.0)), 2, 31);
        // Each decoded frame once: image2pipe is a constant-rate output, so without passthrough ffmpeg fills a stalled or
        // slower stream with copies of one frame, each a new frame to the tracker.
        arguments.AddRange(["-i", uri, "-an", "-fps_mode", "passthrough", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v",
            scale.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        return arguments;
    }

    private async Task ReadAsync()
    {
        Process? process = null;
        var errors = Task.FromResult(string.Empty);
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in Arguments(_uri, _jpegQuality))
            {
                start.ArgumentList.Add(argument);
            }

            process = Process.Start(start) ?? throw new IOException("ffmpeg did not start.");
            errors = ReadTailAsync(process.StandardError);
            using var kill = _stop.Token.Register(() => Kill(process));
            var splitter = new JpegStreamSplitter();
            var buffer = new byte[64 * 1024];
            var stdout = process.StandardOutput.BaseStream;
            int read;
            while ((read = await stdout.ReadAsync(buffer, _stop.Token)) > 0)
            {
                foreach (var jpeg in splitter.Add(buffer.AsSpan(0, read)))
                {
                    // The stream says its rate only in ffmpeg's banner; a live stream's frames carry the time they arrived.
                    _framesPerSecond.TrySetResult(0);
                    await _room.WaitAsync(_stop.Token);
                    _frames.Writer.TryWrite((jpeg, _time.GetUtcNow()));
                }
            }

            await process.WaitForExitAsync(_stop.Token);
            if (process.ExitCode != 0)
            {
                throw new IOException($"Camera '{_cameraId}': cannot read video source '{SourceUri.Redacted(_uri)}' (ffmpeg: {Tail(await errors)}).");
            }

            if (!_framesPerSecond.Task.IsCompleted)
            {
                throw new IOException($"Camera '{_cameraId}': cannot open video source '{SourceUri.Redacted(_uri)}' (no frame).");
            }

            _frames.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _framesPerSecond.TrySetCanceled(_stop.Token);
            _frames.Writer.TryComplete();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            Fail(new IOException($"Camera '{_cameraId}': network streams are read with ffmpeg, which could not be started ({error.Message}); install it (Debian: apt-get install ffmpeg).", error));
        }
#pragma warning disable CA1031 // Whatever stopped the reading, the consumer must hear of it: a source that neither opens nor fails would hold the camera for ever.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Fail(error as IOException ?? new IOException($"Camera '{_cameraId}': cannot read video source '{SourceUri.Redacted(_uri)}' ({error.Message}).", error));
        }
        finally
        {
            if (process is not null)
            {
                Kill(process);
                process.Dispose();
            }
        }
    }

    private void Fail(IOException failure)
    {
        _framesPerSecond.TrySetException(failure);
        _frames.Writer.TryComplete(failure);
    }

    /// <summary>ffmpeg's last words, without the stream's address (it may carry a password).</summary>
    private string Tail(string errors)
    {
        var text = errors.Replace(_uri, SourceUri.Redacted(_uri), StringComparison.Ordinal).Trim();
        return text.Length > ErrorTailLength ? "…" + text[^ErrorTailLength..] : text;
    }

    /// <summary>ffmpeg's error output as it goes, keeping only its end: a stream with packet loss logs for days.</summary>
    private static async Task<string> ReadTailAsync(StreamReader errors)
    {
        var tail = new System.Text.StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await errors.ReadAsync(buffer)) > 0)
            {
                tail.Append(buffer, 0, read);
                if (tail.Length > 4 * ErrorTailLength)
                {
                    tail.Remove(0, tail.Length - ErrorTailLength);
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            // The process was released while its output was read.
        }

        return tail.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
#pragma warning disable CA1031 // Best effort, also inside a token's cancellation: it ended on its own, or cannot be killed by this user.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
