using OpenCvSharp;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>Writes a BGR image into a planar float tensor [3, H, W]: letterbox resize, channel order, normalisation.</summary>
public sealed class InputTensorWriter
{
    private readonly PreprocessingSpec _spec;
    private readonly float[][] _lookupTables;

    public InputTensorWriter(PreprocessingSpec spec)
    {
        _spec = spec;
        _lookupTables = spec.BuildLookupTables();
    }

    public LetterboxPlacement Placement => _spec.Placement;

    /// <summary>Fills <paramref name="tensor"/> (length 3 × canvas area) from an 8-bit, 3-channel BGR image.</summary>
    public void Write(Mat bgrImage, in LetterboxTransform transform, Span<float> tensor)
    {
        if (bgrImage.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"Expected an 8-bit BGR image, got {bgrImage.Type()}.", nameof(bgrImage));
        }

        var planeLength = transform.CanvasWidth * transform.CanvasHeight;
        if (tensor.Length < planeLength * 3)
        {
            throw new ArgumentException("Tensor is smaller than the input canvas.", nameof(tensor));
        }

        for (var plane = 0; plane < 3; plane++)
        {
            tensor.Slice(plane * planeLength, planeLength).Fill(_lookupTables[plane][_spec.PadValue]);
        }

        var width = transform.ResizedWidth;
        var height = transform.ResizedHeight;
        if (width == bgrImage.Width && height == bgrImage.Height)
        {
            CopyPixels(bgrImage, transform, tensor);
            return;
        }

        using var resized = new Mat();
        Cv2.Resize(bgrImage, resized, new Size(width, height), 0, 0, InterpolationFlags.Linear);
        CopyPixels(resized, transform, tensor);
    }

    private unsafe void CopyPixels(Mat image, in LetterboxTransform transform, Span<float> tensor)
    {
        var planeLength = transform.CanvasWidth * transform.CanvasHeight;
        // Source byte index (within a BGR pixel) feeding each output plane.
        var (first, second, third) = _spec.ChannelOrder == ChannelOrder.Bgr ? (0, 1, 2) : (2, 1, 0);
        var table0 = _lookupTables[0];
        var table1 = _lookupTables[1];
        var table2 = _lookupTables[2];
        var width = transform.ResizedWidth;
        var height = transform.ResizedHeight;
        fixed (float* tensorStart = tensor)
        {
            for (var y = 0; y < height; y++)
            {
                var row = (byte*)image.Ptr(y);
                var destination = (transform.OffsetY + y) * transform.CanvasWidth + transform.OffsetX;
                var plane0 = tensorStart + destination;
                var plane1 = plane0 + planeLength;
                var plane2 = plane1 + planeLength;
                for (var x = 0; x < width; x++)
                {
                    var pixel = row + x * 3;
                    plane0[x] = table0[pixel[first]];
                    plane1[x] = table1[pixel[second]];
                    plane2[x] = table2[pixel[third]];
                }
            }
        }
    }
}
