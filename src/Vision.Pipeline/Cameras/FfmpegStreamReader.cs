using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Vision.Pipeline.Cameras;

/// <summary>
/// Reads a network stream (RTSP, HTTP) with Debian's <c>ffmpeg</c> in a process of its own, re-encoded as a stream of
/// JPEG frames on its standard output, at most <see cref="CaptureReader.FramesAhead"/> ahead of the consumer. The
/// OpenCV runtime Vision ships opens files but no network stream. RTSP goes over TCP (no lost UDP packets smearing
/// frames); a stream silent for <see cref="SilentStreamTimeout"/> ends with an error, so the supervisor opens it again.
/// Each frame is stamped with the time the camera gave it (its presentation timestamp, which ffmpeg's showinfo filter
/// prints as it passes the frame on; <see cref="StreamClock"/>), not the time it came out of the pipe.
/// </summary>
internal sealed partial class FfmpegStreamReader : ICaptureReader
{
    /// <summary>How long a connected or connecting stream may send nothing before it counts as ended.</summary>
    public static readonly TimeSpan SilentStreamTimeout = TimeSpan.FromSeconds(10);

    private const int ErrorTailLength = 500;

    /// <summary>A stream's timestamps may fall this far behind the frames' arrival (frames waiting for a busy pipeline) before they are tied again.</summary>
    private static readonly TimeSpan MaxTimestampLag = TimeSpan.FromSeconds(10);

    /// <summary>How long a frame waits for its timestamp's line on the error output before it is stamped with its arrival.</summary>
    private static readonly TimeSpan TimestampWait = TimeSpan.FromMilliseconds(500);

    private readonly Channel<(long Frame, double PtsSeconds)> _presentationTimes =
        Channel.CreateUnbounded<(long, double)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly StreamClock _clock = new(MaxTimestampLag);
    private long _framesShown;
    private bool _timestampsLate;

    private readonly Channel<(byte[] Jpeg, DateTimeOffset CapturedAt)> _frames =
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

    public ChannelReader<(byte[] Jpeg, DateTimeOffset CapturedAt)> Frames => _frames.Reader;

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
        // Information level, each line with its level: showinfo's line per frame carries the frame's timestamp; errors
        // are told apart by their level.
        var arguments = new List<string> { "-hide_banner", "-nostats", "-loglevel", "repeat+level+info", "-nostdin" };
        // The RTSP demuxer opens its own connection and takes its socket time-out as -timeout; other protocols as -rw_timeout.
        arguments.AddRange(uri.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)
            ? ["-rtsp_transport", "tcp", "-timeout", timeoutMicroseconds]
            : ["-rw_timeout", timeoutMicroseconds]);

        var scale = Math.Clamp((int)Math.Round(2 + ((100 - jpegQuality) * 29 / 99.0)), 2, 31);
        // Each decoded frame once: image2pipe is a constant-rate output, so without passthrough ffmpeg fills a stalled or
        // slower stream with copies of one frame, each a new frame to the tracker.
        arguments.AddRange(["-i", uri, "-an", "-fps_mode", "passthrough", "-vf", "showinfo=checksum=0", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v",
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
            errors = ReadErrorOutputAsync(process.StandardError);
            using var kill = _stop.Token.Register(() => Kill(process));
            var splitter = new JpegStreamSplitter();
            var buffer = new byte[64 * 1024];
            var stdout = process.StandardOutput.BaseStream;
            int read;
            long frame = 0;
            while ((read = await stdout.ReadAsync(buffer, _stop.Token)) > 0)
            {
                foreach (var jpeg in splitter.Add(buffer.AsSpan(0, read)))
                {
                    // The stream says its rate only in ffmpeg's banner; a live stream's frames carry the time they were captured.
                    _framesPerSecond.TrySetResult(0);
                    var arrivedAt = _time.GetUtcNow();
                    var capturedAt = await PresentationTimeAsync(frame++) is { } pts ? _clock.CapturedAt(pts, arrivedAt) : arrivedAt;
                    await _room.WaitAsync(_stop.Token);
                    _frames.Writer.TryWrite((jpeg, capturedAt));
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

    /// <summary>
    /// The frame's timestamp in seconds, once its showinfo line has been read; null when it has none or it is late. After
    /// one came late, frames take the lines already read without waiting for their own, until one is there in time.
    /// </summary>
    private async Task<double?> PresentationTimeAsync(long frame)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(TimestampWait);
        var reader = _presentationTimes.Reader;
        while (true)
        {
            while (reader.TryPeek(out var next))
            {
                if (next.Frame > frame)
                {
                    return null;
                }

                reader.TryRead(out _);
                if (next.Frame == frame)
                {
                    _timestampsLate = false;
                    return double.IsFinite(next.PtsSeconds) ? next.PtsSeconds : null;
                }
            }

            if (_timestampsLate)
            {
                return null;
            }

            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                _timestampsLate = true;
                return null;
            }
        }
    }

    /// <summary>
    /// ffmpeg's error output as it goes: each frame's timestamp from its showinfo line, and the errors, keeping only
    /// their end (a stream with packet loss logs for days).
    /// </summary>
    private async Task<string> ReadErrorOutputAsync(StreamReader errors)
    {
        var tail = new System.Text.StringBuilder();
        try
        {
            while (await errors.ReadLineAsync() is { } line)
            {
                if (ShowInfoFrame().Match(line) is { Success: true } shown)
                {
                    // Paired with the output's frames by order: showinfo's own count starts again when the stream changes size.
                    var pts = double.TryParse(shown.Groups["pts"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : double.NaN;
                    _presentationTimes.Writer.TryWrite((_framesShown++, pts));
                    continue;
                }

                if (ErrorLine().Match(line) is not { Success: true } error)
                {
                    continue;
                }

                tail.Append(error.Groups["text"].ValueSpan).Append(error.Groups["message"].ValueSpan).Append('\n');
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

        _presentationTimes.Writer.TryComplete();
        return tail.ToString();
    }

    [GeneratedRegex(@"\[Parsed_showinfo_\d+ @ [^\]]+\] \[info\] n:\s*\d+ pts:\s*\S+\s+pts_time:(?<pts>\S+)")]
    private static partial Regex ShowInfoFrame();

    /// <summary>A line at error level or worse, with what ffmpeg said after the level (the component's prefix kept).</summary>
    [GeneratedRegex(@"^(?<text>.*?)\[(?:error|fatal|panic)\] ?(?<message>.*)$")]
    private static partial Regex ErrorLine();

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
