using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

public class PlateReaderTests(PlateReaderFixture readers) : IClassFixture<PlateReaderFixture>
{
    // vn_cars_4.jpg (889×563): the white plate and the yellow plate, x1, y1, x2, y2.
    private static readonly Rect s_whitePlate = Rect.FromLTRB(94, 457, 152, 486);
    private static readonly Rect s_yellowPlate = Rect.FromLTRB(653, 414, 705, 442);

    [Fact]
    public void Fast_plate_ocr_reads_both_vn_cars_4_plates_in_one_batch()
    {
        using var image = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var white = new Mat(image, s_whitePlate);
        using var yellow = new Mat(image, s_yellowPlate);

        var reads = readers.FastPlateOcr.Read([white, yellow]);

        Assert.Equal(["30G70516", "30F21717"], reads.Select(r => r.Characters));
        Assert.All(reads, read => Assert.Equal(read.Characters.Length, read.CharacterConfidences.Count));
        Assert.All(reads, read => Assert.Equal(readers.FastPlateOcr.Model, read.Model));
        Assert.Equal(64, readers.FastPlateOcr.Model.Sha256.Length);
    }

    [Fact]
    public void The_crop_reader_formats_and_colours_the_vn_cars_4_plates()
    {
        using var image = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var white = new Mat(image, s_whitePlate);
        using var yellow = new Mat(image, s_yellowPlate);
        var reader = new PlateCropReader(readers.FastPlateOcr, readers.Paddle);

        var results = reader.Read([white, yellow]);

        Assert.Equal(["30G-705.16", "30F-217.17"], results.Select(r => r.Text.Formatted));
        Assert.All(results, r => Assert.True(r.Text.IsValid));
        Assert.All(results, r => Assert.Equal(VietnamesePlateKind.Car, r.Text.Kind));
        Assert.Equal([PlateColour.White, PlateColour.Yellow], results.Select(r => r.Colour));
        Assert.All(results, r => Assert.Contains(readers.FastPlateOcr.Model, r.Models));
    }

    [Fact]
    public void Paddle_reads_a_one_line_plate_and_keeps_only_plate_characters()
    {
        using var crop = TestAssets.SampleImage("plates/vn_crops/3CarLongPlate941.jpg");

        var read = readers.Paddle.Read([crop])[0];

        Assert.Equal("51F35613", read.Characters);
        Assert.Equal(read.Characters.Length, read.CharacterConfidences.Count);
        Assert.Equal(readers.Paddle.Model, read.Model);
    }

    [Fact]
    public void Paddle_reads_a_two_line_motorbike_plate_top_line_first()
    {
        using var crop = TestAssets.SampleImage("plates/vn_crops/12xemay1241.jpg");

        var read = readers.Paddle.Read([crop])[0];

        Assert.Equal("86C107261", read.Characters);
    }

    [Fact]
    public void Readers_return_nothing_for_no_crops()
    {
        Assert.Empty(readers.FastPlateOcr.Read([]));
        Assert.Empty(readers.Paddle.Read([]));
    }
}
