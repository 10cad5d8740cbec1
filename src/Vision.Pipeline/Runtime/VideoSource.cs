using OpenCvSharp;
using Vision.Pipeline.Cameras;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// Pulls frames from a video file or stream with OpenCV's VideoCapture and feeds them, JPEG-encoded, into the
/// camera's ingest exactly as a gateway's frames arrive, so a recorded clip replays through the live code.
/// </summary>
public sealed class VideoSource
{
    private readonly CameraSourceOptions _options;
    private readonly CameraPipeline _camera;
    private readonly TimeProvider _time;
    private readonly string _uri;

    public VideoSource(CameraSourceOptions options, CameraPipeline camera, string baseDirectory, TimeProvider time)
    {
        _options = options;
        _camera = camera;
        _time = time;
        _uri = IsStreamUrl(options.Uri) || Path.IsPathRooted(options.Uri) ? options.Uri : ResolveRelative(options.Uri, baseDirectory);
        // A source opened again for the same pipeline (after a failure) goes on from the last frame it took.
        NextSequence = camera.LastAcceptedSequence + 1;
    }

    /// <summary>The sequence number the next frame will carry; continues across restarts and loops.</summary>
    public long NextSequence { get; private set; }

    /// <summary>
    /// Reads a file until its end (again and again when looping). A stream has no end: when it stops (the camera
    /// rebooted, the network dropped) this throws, so the supervisor opens it again after its backoff. Throws when
    /// the source cannot be opened.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var isFile = !IsStreamUrl(_uri);
        do
        {
            var firstSequence = NextSequence;
            await PlayOnceAsync(isFile, cancellationToken);
            if (isFile && _options.Loop && NextSequence == firstSequence && !cancellationToken.IsCancellationRequested)
            {
                // A file that opens but yields no frame (truncated, a codec OpenCV cannot decode): looping would reopen it
                // at once for ever, a core busy and nothing said. Failing lets the supervisor log it and back off.
                throw new IOException($"Camera '{_camera.Id}': the video file '{_uri}' opens but holds no frame that can be read.");
            }
        }
        while (_options.Loop && isFile && !cancellationToken.IsCancellationRequested);

        if (!isFile && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Camera '{_camera.Id}': the stream '{SourceUri.Redacted(_uri)}' ended after frame {NextSequence - 1}.");
        }
    }

    private async Task PlayOnceAsync(bool isFile, CancellationToken cancellationToken)
    {
        // Reading blocks (opening a stream, reading the next frame): a file is read on a thread of its own, a stream by an
        // ffmpeg process, each handing JPEG frames over a few ahead at most, so no pool thread ever waits on it.
        using ICaptureReader reader = isFile
            ? new CaptureReader(_uri, _camera.Id, _options.JpegQuality, _time, cancellationToken)
            : new FfmpegStreamReader(_uri, _camera.Id, _options.JpegQuality, _time, cancellationToken);
        // Opening a stream that never answers takes its time-out: a stop does not wait for it.
        var framesPerSecond = await reader.FramesPerSecond.WaitAsync(cancellationToken) is > 0 and < 1000 and var fps
            ? fps
            : _camera.Definition.ExpectedFramesPerSecond;
        var frameInterval = TimeSpan.FromSeconds(1 / framesPerSecond);
        var start = _time.GetUtcNow();
        var firstSequence = NextSequence;
        await foreach (var (jpeg, streamCapturedAt) in reader.Frames.ReadAllAsync(cancellationToken))
        {
            reader.Consumed();
            var offset = frameInterval * (NextSequence - firstSequence);
            // A file's frames carry the time they were recorded at (relative to playback start), so a replay is
            // deterministic; a live stream's carry the time its camera gave them (FfmpegStreamReader).
            var capturedAt = isFile ? start + offset : streamCapturedAt;
            var encoded = new EncodedFrame(_camera.Id, NextSequence++, capturedAt, jpeg);
            if (_options.Pace == SourcePace.AsFastAsPossible)
            {
                await _camera.IngestAsync(encoded, cancellationToken);
                continue;
            }

            _camera.TryIngest(encoded);
            var wait = start + offset + frameInterval - _time.GetUtcNow();
            if (isFile && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
        }

        await reader.Completion;
    }

    /// <summary>A relative file path resolves against <paramref name="baseDirectory"/> or the nearest parent where it exists.</summary>
    private static string ResolveRelative(string relativePath, string baseDirectory)
    {
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(directory.FullName, relativePath));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(baseDirectory, relativePath));
    }

    private static bool IsStreamUrl(string uri) => uri.Contains("://", StringComparison.Ordinal);
}
