using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Encodes JPEG frames as an H.264 (yuv420p, baseline-compatible profile) MP4 that browsers play, with Debian's
/// <c>ffmpeg</c>, without B-frames (decode order is display order, so every player and OpenCV report the same
/// timestamps). Each frame lasts until the next one was captured (FFmpeg's concat demuxer with per-file durations,
/// timestamps passed through), so frames the camera dropped do not speed the clip up; the moov atom comes first so
/// playback starts before the whole file arrived.
/// </summary>
public static class H264ClipEncoder
{
    public const string Codec = "avc1";

    private static readonly Lazy<string?> Executable = new(FindExecutable);

    /// <summary>A clip's working folder no encoding holds longer than this (a build has a time limit of seconds).</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    private const string WorkFolderPrefix = "vision-clip-";

    /// <summary>Whether an <c>ffmpeg</c> with the libx264 encoder is on the PATH (checked once).</summary>
    public static bool IsAvailable => Executable.Value is not null;

    /// <param name="frames">JPEG bytes with their capture times, in capture order; all frames of one size.</param>
    /// <returns>True when the clip was written; false when FFmpeg is missing or failed (the caller falls back).</returns>
    public static bool TryWrite(string path, IReadOnlyList<(ReadOnlyMemory<byte> Jpeg, DateTimeOffset CapturedAt)> frames, double fallbackFramesPerSecond,
        CancellationToken cancellationToken)
    {
        if (Executable.Value is not { } ffmpeg || frames.Count == 0)
        {
            return false;
        }

        var work = Directory.CreateTempSubdirectory(WorkFolderPrefix);
        try
        {
            var list = new StringBuilder("ffconcat version 1.0\n");
            var fallbackSeconds = 1.0 / Math.Max(fallbackFramesPerSecond, 1);
            for (var i = 0; i < frames.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{i:00000}.jpg");
                File.WriteAllBytes(Path.Combine(work.FullName, name), frames[i].Jpeg.Span);
                var seconds = i + 1 < frames.Count ? (frames[i + 1].CapturedAt - frames[i].CapturedAt).TotalSeconds : fallbackSeconds;
                // Each image is read at a 1 ms time base, so durations are kept to the millisecond (the default 25 fps would round them to 40 ms).
                list.Append(CultureInfo.InvariantCulture, $"file {name}\noption framerate 1000\nduration {Math.Max(seconds, 0.001):0.######}\n");
            }

            var listPath = Path.Combine(work.FullName, "frames.ffconcat");
            File.WriteAllText(listPath, list.ToString());
            var output = Path.Combine(work.FullName, "clip.mp4");
            var arguments = new[]
            {
                "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", listPath,
                "-fps_mode", "passthrough", "-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-preset", "veryfast",
                "-crf", "20", "-bf", "0", "-pix_fmt", "yuv420p", "-video_track_timescale", "1000", "-movflags", "+faststart", "-an", output,
            };
            if (!Run(ffmpeg, arguments, cancellationToken) || !File.Exists(output))
            {
                return false;
            }

            File.Move(output, path, overwrite: true);
            return true;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Deletes the working folders of encodings a killed process left in the temporary folder (a clip's frames: up to a
    /// hundred megabytes each, never removed) once they are older than <see cref="LeftoverAge"/>.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public static int SweepLeftovers(DateTimeOffset now, string? temporaryFolder = null)
    {
        var deleted = 0;
        foreach (var folder in new DirectoryInfo(temporaryFolder ?? Path.GetTempPath()).EnumerateDirectories(WorkFolderPrefix + "*"))
        {
            try
            {
                if (folder.LinkTarget is null && now - folder.LastWriteTimeUtc > LeftoverAge)
                {
                    folder.Delete(recursive: true);
                    deleted++;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another user's, or in use: left for the next sweep.
            }
        }

        return deleted;
    }

    private static bool Run(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }

        using var kill = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended on its own.
            }
        });
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        process.WaitForExit();
        Task.WaitAll(errors, output);
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode == 0;
    }

    private static string? FindExecutable()
    {
        var candidate = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "ffmpeg"))
            .FirstOrDefault(File.Exists);
        if (candidate is null)
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-hide_banner", "-encoders" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            var encoders = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && encoders.Contains("libx264", StringComparison.Ordinal) ? candidate : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
