using Vision.Pipeline.Plates;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>Reads labelled crops in batches of 32 and scores the reads against the labels; disposes the crops.</summary>
public static class PlateScoring
{
    public static PlateAccuracy Score(List<(OpenCvSharp.Mat Crop, string Label)> samples, Func<List<OpenCvSharp.Mat>, IEnumerable<string>> read)
    {
        var accuracy = new PlateAccuracy();
        try
        {
            const int batch = 32;
            for (var offset = 0; offset < samples.Count; offset += batch)
            {
                var slice = samples.GetRange(offset, Math.Min(batch, samples.Count - offset));
                foreach (var (text, sample) in read([.. slice.Select(s => s.Crop)]).Zip(slice))
                {
                    accuracy.Add(sample.Label, text);
                }
            }
        }
        finally
        {
            samples.ForEach(s => s.Crop.Dispose());
        }

        return accuracy;
    }
}
