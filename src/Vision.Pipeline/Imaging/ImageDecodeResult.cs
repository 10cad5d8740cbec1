namespace Vision.Pipeline.Imaging;

/// <summary>Either a decoded image or the reason it was refused.</summary>
public readonly record struct ImageDecodeResult(DecodedImage? Image, ImageRejection? Rejection)
{
    public static ImageDecodeResult Decoded(DecodedImage image) => new(image, null);

    public static ImageDecodeResult Rejected(ImageRejectionReason reason, string message, ImageHeader? header) =>
        new(null, new ImageRejection(reason, message, header));
}
