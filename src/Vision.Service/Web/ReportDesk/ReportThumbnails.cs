using OpenCvSharp;

namespace Vision.Service.Web.ReportDesk;

/// <summary>
/// Small thumbnails (longest side 240 px) of the privacy-safe copies of photos triaged at the report desk, one JPEG per
/// report id, so a later report's duplicates can be shown. Only the privacy-safe copy is kept, never the original.
/// The first photo triaged under a report id keeps it, as in the duplicate index (<c>report_photos</c>): a later
/// upload under the same id never replaces the picture shown for the photo the index matched.
/// </summary>
public sealed class ReportThumbnails(string directory)
{
    private const int LongSide = 240;

    /// <summary>Where the thumbnail of a report lives, or null when the id is not a plain file name.</summary>
    public string? PathOf(string reportId) =>
        reportId.Length is > 0 and <= 128 && reportId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && reportId[0] != '.'
            ? Path.Combine(directory, reportId + ".jpg")
            : null;

    public bool Exists(string reportId) => PathOf(reportId) is { } path && File.Exists(path);

    public void Save(string reportId, byte[] privacySafeJpeg)
    {
        if (PathOf(reportId) is not { } path || File.Exists(path))
        {
            return;
        }

        using var image = Cv2.ImDecode(privacySafeJpeg, ImreadModes.Color);
        if (image.Empty())
        {
            return;
        }

        var scale = Math.Min(1.0, (double)LongSide / Math.Max(image.Width, image.Height));
        using var small = image.Resize(new Size(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))), 0, 0, InterpolationFlags.Area);
        Directory.CreateDirectory(directory);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, small.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 80)));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
