using OpenCvSharp;

namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>
/// A plate crop as a more distant camera records it: shrunk to a plate height with area averaging (what a sensor with
/// fewer pixels on the plate sums up). The crop stays that small, as a camera's crop is: the reader enlarges it to its
/// input as it does any crop, and a reader that routes crops by height sees the height a camera would give it. With a
/// street camera's effects (<see cref="StreetCameraRecording"/>) the plate is also seen from above, blurred by motion,
/// noised and compressed.
/// </summary>
public static class CameraDistance
{
    /// <summary>Returns a new crop and disposes <paramref name="crop"/>; a crop no taller than the height is returned as is.</summary>
    /// <param name="streetCamera">When given, the generator of this crop's street camera effects.</param>
    public static Mat Shrink(Mat crop, int height, Random? streetCamera = null)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 4);
        if (crop.Height <= height)
        {
            return crop;
        }

        if (streetCamera is not null)
        {
            crop = StreetCameraRecording.LookDown(crop, streetCamera);
        }

        using (crop)
        {
            var small = new Mat();
            var width = Math.Max(1, (int)Math.Round(crop.Width * (double)height / crop.Height));
            Cv2.Resize(crop, small, new Size(width, height), 0, 0, InterpolationFlags.Area);
            if (streetCamera is not null)
            {
                StreetCameraRecording.Record(small, streetCamera);
            }

            return small;
        }
    }
}
