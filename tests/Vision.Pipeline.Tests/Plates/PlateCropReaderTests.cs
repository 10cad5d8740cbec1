using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>How the crop reader settles the layout and the second opinion, on real crops.</summary>
[Collection(PlateLocalizationCollection.Name)]
public sealed class PlateCropReaderTests(PlateLocalizationFixture models)
{
    [Fact]
    public void A_square_car_plate_cut_with_room_around_it_is_a_car_plate_not_a_motorbike_plate()
    {
        // vn_cars_4.jpg's white plate is square: 30G over 705.16. Cut with some room above and below, the crop is as
        // square as a motorbike plate; the crop's shape alone made it 30-G7 0516.
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var crop = new Mat(photo, new Rect(92, 448, 62, 44));

        var result = models.CropReader().Read(crop);

        Assert.Equal("30G-705.16", result.Text.Formatted);
        Assert.Equal(VietnamesePlateKind.Car, result.Text.Kind);
    }

    [Fact]
    public void An_unsure_read_that_the_second_reader_contradicts_is_kept_as_read_but_not_valid()
    {
        // vn_crops' 54-P7 2138 motorbike plate as a camera records it 16 px high: the first reader reads 54-P1 2038, a
        // valid plate it is unsure of, the second reader reads another. One unsure reader's word does not make a plate valid.
        using var crop = CameraDistance.Shrink(TestAssets.SampleImage("plates/vn_crops/6xemay538.jpg"), 16);

        var result = models.CropReader().Read(crop);

        Assert.False(result.Text.IsValid);
        Assert.Contains("the second reader read", result.Text.InvalidReason, StringComparison.Ordinal);
        Assert.Equal(2, result.Alternatives.Count);
        Assert.True(result.Alternatives[0].Text.IsValid);
        Assert.Equal(result.Alternatives[0].Text.Normalized, result.Text.Normalized);
    }

    [Fact]
    public void A_four_digit_motorbike_plate_of_the_same_length_stays_a_motorbike_plate()
    {
        using var photo = TestAssets.SampleImage("images/vn_motorbikes_parked_101.jpg");
        using var crop = new Mat(photo, Rect.FromLTRB(540, 430, 621, 504));

        var result = models.CropReader().Read(crop);

        Assert.Equal("30-L9 0860", result.Text.Formatted);
        Assert.Equal(VietnamesePlateKind.Motorbike, result.Text.Kind);
    }

    [Fact]
    public void The_vehicle_class_decides_the_layout_when_known()
    {
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var crop = new Mat(photo, new Rect(92, 448, 62, 44));

        var onACar = models.CropReader().Read(crop, GrammarLayout.For("car", PlateLayout.TwoLine));

        Assert.Equal("30G-705.16", onACar.Text.Formatted);
        // Asked only when unsure or for the line split, which the class made needless.
        Assert.Equal([models.Reader.Model], onACar.Models);
    }

    [Theory]
    // The second reader is not more right for being more confident: its unsure W for 7 and O for 0 broke this read.
    [InlineData("openalpr_us", "wts-lg-000157.jpg", PlateGrammarMode.Generic, "7EAV033")]
    // Equal confidences kept the first reader's wrong 7; only the first reader's unsure characters are replaced.
    [InlineData("vn_crops", "5xemay2106.jpg", PlateGrammarMode.Vietnamese, "59-C1 428.18")]
    public void The_second_opinion_replaces_only_the_first_readers_unsure_characters(string set, string file, PlateGrammarMode grammar, string expected)
    {
        using var crop = CropOf(set, file);
        var reader = new PlateCropReader(models.Reader, models.SecondOpinion, new PlateCropReaderOptions { Grammar = grammar });

        var result = reader.Read(crop);

        Assert.Equal(expected, result.Text.Formatted);
        Assert.True(result.Text.IsValid);
        Assert.Equal(2, result.Alternatives.Count);
        Assert.Equal(result.Text.Normalized.Length, result.Text.CharacterConfidences!.Count);
    }

    [Fact]
    public void Crops_of_one_plate_get_one_second_opinion_for_the_crop_read_best_weighed_against_each_and_none_when_one_is_sure()
    {
        // 5xemay2106.jpg read as it is is unsure (see above); shrunk to 16 px and to 20 px high it is more so. Three crops
        // of one plate, as the finder cuts a photo's plate at several margins.
        using var asIs = CropOf("vn_crops", "5xemay2106.jpg");
        using var at20 = Shrunk(asIs, 20);
        using var at16 = Shrunk(asIs, 16);
        var second = new CountingReader(models.SecondOpinion);
        var reader = new PlateCropReader(models.Reader, second, new PlateCropReaderOptions { Grammar = PlateGrammarMode.Vietnamese });

        var eachOnItsOwn = reader.Read([asIs, at20, at16]);
        var readEachOnItsOwn = second.Crops;
        var asOnePlate = reader.Read([asIs, at20, at16], null, [0, 0, 0]);

        Assert.Equal((3, 3), (eachOnItsOwn.Count(result => result.Alternatives.Count == 2), readEachOnItsOwn));
        // One crop read by the second reader, and its read weighed against each unsure crop of the plate: the crops
        // it was not asked about no longer stay valid on the first reader's word alone.
        Assert.Equal(1, second.Crops - readEachOnItsOwn);
        Assert.All(asOnePlate, result => Assert.Equal(asOnePlate[0].Alternatives[1], result.Alternatives[1]));
        Assert.Equal("59-C1 428.18", asOnePlate[0].Text.Formatted);

        // 12xemay1241.jpg as it is is read surely: its shrunk copy of the same plate needs no second opinion.
        using var sure = CropOf("vn_crops", "12xemay1241.jpg");
        using var sureAt16 = Shrunk(sure, 16);
        var withASureCrop = reader.Read([sure, sureAt16], [PlateLayout.TwoLine, PlateLayout.TwoLine], [0, 0]);
        Assert.True(reader.Read(sureAt16, PlateLayout.TwoLine).Alternatives.Count == 2, "The shrunk crop alone should be unsure.");
        Assert.All(withASureCrop, result => Assert.Single(result.Alternatives));
    }

    /// <summary>The real second reader, counting the crops it is asked to read.</summary>
    private sealed class CountingReader(IPlateReader inner) : IPlateReader
    {
        public int Crops { get; private set; }

        public ModelIdentity Model => inner.Model;

        public IReadOnlyList<PlateRead> Read(IReadOnlyList<Mat> plateCrops)
        {
            Crops += plateCrops.Count;
            return inner.Read(plateCrops);
        }
    }

    [Fact]
    public void A_car_plate_read_by_the_second_reader_never_replaces_a_two_line_motorbike_read()
    {
        // 12xemay1241.jpg: a two-line motorbike plate 86-C1 072.61. Whatever the second reader makes of it, the result
        // is a motorbike plate or invalid, never a one-line car plate.
        using var crop = CropOf("vn_crops", "12xemay1241.jpg");

        var result = models.CropReader().Read(crop, PlateLayout.TwoLine);

        Assert.NotEqual(VietnamesePlateKind.Car, result.Text.Kind);
        Assert.Equal("86-C1 072.61", result.Text.Formatted);
    }

    [Fact]
    public void Generic_reads_do_not_ask_the_second_reader()
    {
        using var crop = CropOf("openalpr_us", "wts-lg-000157.jpg");

        var result = models.CropReader(PlateGrammarMode.Generic).Read(crop);

        Assert.Single(result.Alternatives);
        Assert.Equal([models.Reader.Model], result.Models);
    }

    [Fact]
    public void A_sure_read_fitting_no_format_stays_invalid_and_unchanged()
    {
        // A Czech plate 4B8 6157: B is sure, so it is not a Vietnamese 48B-6157.
        using var crop = CropOf("vn_crops", "iwt7118.jpg");

        var result = models.CropReader().Read(crop);

        Assert.False(result.Text.IsValid);
        Assert.Equal("4B86157", result.Text.Normalized);
    }

    /// <summary>The crop shrunk to <paramref name="height"/> pixels (area averaging) and enlarged back, as a farther camera sees it.</summary>
    private static Mat Shrunk(Mat crop, int height)
    {
        using var small = new Mat();
        Cv2.Resize(crop, small, new Size(Math.Max(1, crop.Width * height / crop.Height), height), interpolation: InterpolationFlags.Area);
        var back = new Mat();
        Cv2.Resize(small, back, crop.Size(), interpolation: InterpolationFlags.Linear);
        return back;
    }

    /// <summary>A labelled crop: vn_crops as stored; openalpr_us cut from its photo by the reading crop rule.</summary>
    private static Mat CropOf(string set, string file)
    {
        if (set == "vn_crops")
        {
            return TestAssets.SampleImage($"plates/vn_crops/{file}");
        }

        var fields = File.ReadAllText(TestAssets.Sample($"plates/openalpr_us/{Path.ChangeExtension(file, ".txt")}")).Trim().Split('\t');
        using var photo = TestAssets.SampleImage($"plates/openalpr_us/{file}");
        return PlateCrop.Cut(photo, new Rect(int.Parse(fields[1]), int.Parse(fields[2]), int.Parse(fields[3]), int.Parse(fields[4])));
    }
}
