namespace Vision.Pipeline.Imaging;

/// <summary>Checks what a header claims against the limits, the moment the header is read and before anything else.</summary>
public static class ImageLimitCheck
{
    public static ImageRejection? Check(ImageHeader header, long encodedBytes, ImageLimits limits)
    {
        if (header.Width > limits.MaxSide || header.Height > limits.MaxSide || header.Pixels > limits.MaxPixels)
        {
            return new(ImageRejectionReason.DimensionsTooLarge,
                $"The image header claims {header.Width}×{header.Height} pixels; the limits are {limits.MaxSide} pixels a side " +
                $"and {limits.MaxPixels} pixels in all.", header);
        }

        if (header.Width < limits.MinSide || header.Height < limits.MinSide)
        {
            return new(ImageRejectionReason.DimensionsTooSmall,
                $"The image is {header.Width}×{header.Height} pixels; each side needs at least {limits.MinSide}.", header);
        }

        if (header.Pixels > limits.PixelsAllowedAtAnySize && header.Pixels > encodedBytes * limits.MaxPixelsPerEncodedByte)
        {
            return new(ImageRejectionReason.DimensionsTooLarge,
                $"The image header claims {header.Width}×{header.Height} pixels from only {encodedBytes} bytes; above " +
                $"{limits.PixelsAllowedAtAnySize} pixels at most {limits.MaxPixelsPerEncodedByte} pixels per byte are accepted.", header);
        }

        return null;
    }
}
