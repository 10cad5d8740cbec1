namespace Vision.Pipeline.Imaging.Formats;

/// <summary>Rejections the format readers share, worded for the sender.</summary>
internal static class ImageProblem
{
    public static ImageRejection Truncated(string format, ImageHeader? header, string where) =>
        new(ImageRejectionReason.Truncated, $"The {format} data ends before the image does ({where}): the file is truncated.", header);

    public static ImageRejection Corrupt(string format, ImageHeader? header, string what) =>
        header is null
            ? new(ImageRejectionReason.CorruptHeader, $"The {format} header is corrupt: {what}.")
            : new(ImageRejectionReason.Undecodable, $"The {format} data is corrupt: {what}.", header);

    public static ImageRejection Unsupported(string what) =>
        new(ImageRejectionReason.UnsupportedFormat, $"{what} is not accepted; send a baseline or progressive JPEG, PNG, BMP or WebP.");

    public static ImageRejection TrailingData(string format, ImageHeader header, long trailing, int limit) =>
        new(ImageRejectionReason.TooManyBytes,
            $"{trailing} bytes follow the end of the {format} image; at most {limit} are accepted.", header);

    public static ImageRejection TooMuchMetadata(string format, ImageHeader? header, string what) =>
        new(ImageRejectionReason.TooManyBytes, $"The {format} file carries too much metadata: {what}.", header);
}
