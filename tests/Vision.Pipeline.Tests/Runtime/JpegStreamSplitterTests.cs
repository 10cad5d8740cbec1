using Vision.Pipeline.Cameras;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Runtime;

public sealed class JpegStreamSplitterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    public void RealJpegsBackToBack_AreCutIntoTheSameImages_WhereverTheChunksEnd(int chunkSize)
    {
        byte[][] images = [TestAssets.SampleBytes("images/zidane.jpg"), TestAssets.SampleBytes("images/bus.jpg")];
        byte[] stream = [.. images[0], .. images[1], .. images[0][..100]];
        var splitter = new JpegStreamSplitter();

        var cut = new List<byte[]>();
        for (var offset = 0; offset < stream.Length; offset += chunkSize)
        {
            cut.AddRange(splitter.Add(stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset))));
        }

        Assert.Equal(2, cut.Count);
        Assert.Equal(images[0], cut[0]);
        Assert.Equal(images[1], cut[1]);
    }
}
