using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;

namespace Vision.Pipeline.Tests.Plates;

public class VietnamesePlateGrammarTests
{
    private static readonly ModelIdentity s_model = new("test", new string('0', 64));

    [Theory]
    [InlineData("75A18283", null, "75A-182.83", VietnamesePlateKind.Car, PlateLayout.OneLine)]
    [InlineData("30G70516", PlateLayout.OneLine, "30G-705.16", VietnamesePlateKind.Car, PlateLayout.OneLine)]
    [InlineData("29A1234", null, "29A-1234", VietnamesePlateKind.Car, PlateLayout.OneLine)]
    [InlineData("51F35613", PlateLayout.OneLine, "51F-356.13", VietnamesePlateKind.Car, PlateLayout.OneLine)]
    [InlineData("75H142599", null, "75-H1 425.99", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("29B125662", PlateLayout.TwoLine, "29-B1 256.62", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("30L90860", PlateLayout.TwoLine, "30-L9 0860", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("29HA00233", null, "29-HA 002.33", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("77FC1663", null, "77-FC 1663", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("77-FC 1663", PlateLayout.TwoLine, "77-FC 1663", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("80NG1234", null, "80NG-1234", VietnamesePlateKind.Special, PlateLayout.OneLine)]
    [InlineData("80NG12345", null, "80-NG-123-45", VietnamesePlateKind.Special, PlateLayout.OneLine)]
    [InlineData("80QT12345", null, "80-QT-123-45", VietnamesePlateKind.Special, PlateLayout.OneLine)]
    [InlineData("51LD12345", null, "51LD-123.45", VietnamesePlateKind.Special, PlateLayout.OneLine)]
    [InlineData("51R56273", PlateLayout.TwoLine, "51-R5 6273", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("51R12345", null, "51R-123.45", VietnamesePlateKind.Special, PlateLayout.OneLine)]
    [InlineData("75-H1 425.99", null, "75-H1 425.99", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("29-MĐ1", null, null, VietnamesePlateKind.Unknown, PlateLayout.OneLine)]
    [InlineData("29-MĐ1 123.45", null, "29-MĐ1 123.45", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    [InlineData("36MD138158", PlateLayout.TwoLine, "36-MĐ1 381.58", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine)]
    public void Parses_every_format(string characters, PlateLayout? layout, string? formatted, VietnamesePlateKind kind, PlateLayout expectedLayout)
    {
        var text = VietnamesePlateGrammar.Parse(characters, layout);

        Assert.Equal(formatted is not null, text.IsValid);
        Assert.Equal(kind, text.Kind);
        if (formatted is not null)
        {
            Assert.Equal(formatted, text.Formatted);
            Assert.Equal(expectedLayout, text.Layout);
            Assert.Null(text.InvalidReason);
        }
    }

    [Fact]
    public void The_layout_settles_the_eight_character_ambiguity()
    {
        Assert.Equal("83H-669.54", VietnamesePlateGrammar.Parse("83H66954", PlateLayout.OneLine).Formatted);
        Assert.Equal("83-H6 6954", VietnamesePlateGrammar.Parse("83H66954", PlateLayout.TwoLine).Formatted);
    }

    [Theory]
    [InlineData("", "no characters")]
    [InlineData("75A1", "4 characters")]
    [InlineData("13A12345", "13 is not a Vietnamese area code")]
    [InlineData("42A12345", "42 is not a Vietnamese area code")]
    [InlineData("96H112345", "96 is not a Vietnamese area code")]
    [InlineData("7B57267", "fit no Vietnamese plate format")]
    [InlineData("75I12345", "fit no Vietnamese plate format")]
    [InlineData("75W12345", "fit no Vietnamese plate format")]
    [InlineData("47J118716", "fit no Vietnamese plate format")]
    [InlineData("51J12345", "fit no Vietnamese plate format")]
    [InlineData("75Q112345", "fit no Vietnamese plate format")]
    [InlineData("29QA00233", "fit no Vietnamese plate format")]
    [InlineData("29HA112345", "fit no Vietnamese plate format")]
    [InlineData("29MDA12345", "fit no Vietnamese plate format")]
    [InlineData("29MD1123456", "11 characters; Vietnamese plates have 7 to 10")]
    [InlineData("75AO12345", "fit no Vietnamese plate format")]
    [InlineData("ZG8894AB", "fit no Vietnamese plate format")]
    public void Rejects_reads_that_cannot_be_Vietnamese_plates(string characters, string reason)
    {
        var text = VietnamesePlateGrammar.Parse(characters);

        Assert.False(text.IsValid);
        Assert.Equal(VietnamesePlateKind.Unknown, text.Kind);
        Assert.Contains(reason, text.InvalidReason, StringComparison.Ordinal);
        Assert.Equal(PlateCharacters.Normalize(characters), text.Formatted);
    }

    [Fact]
    public void Area_codes_are_the_real_provincial_set()
    {
        int[] unused = [10, 13, 42, 44, 45, 46, 87, 91, 96];
        Assert.All(unused, code => Assert.False(VietnamesePlateGrammar.IsAreaCode(code)));
        int[] used = [11, 12, 14, 29, 33, 39, 40, 41, 43, 47, 50, 59, 75, 80, 86, 88, 90, 92, 95, 97, 99];
        Assert.All(used, code => Assert.True(VietnamesePlateGrammar.IsAreaCode(code)));
    }

    [Theory]
    [InlineData("75A1B283", "75A-182.83", 1)] // B in a serial digit → 8
    [InlineData("3OG70516", "30G-705.16", 1)] // O in the area code → 0
    [InlineData("758182S3", "75B-182.53", 2)] // 8 in the series → B, S in the serial → 5
    [InlineData("7SH142599", "75-H1 425.99", 1)]
    [InlineData("29H0OO233", "29-H0 002.33", 2)]
    public void Corrects_unsure_look_alikes_where_the_format_demands_the_other_class(string characters, string formatted, int corrections)
    {
        var text = VietnamesePlateGrammar.Correct(Unsure(characters));

        Assert.True(text.IsValid, text.InvalidReason);
        Assert.Equal(formatted, text.Formatted);
        Assert.Equal(corrections, text.Corrections);
    }

    [Fact]
    public void Never_swaps_a_sure_character()
    {
        // A confidently read foreign plate stays itself, invalid, instead of being forced into 78S-7267.
        var read = new PlateRead("7B57267", [.. Enumerable.Repeat(1f, 7)], s_model);

        var text = VietnamesePlateGrammar.Correct(read);

        Assert.False(text.IsValid);
        Assert.Equal("7B57267", text.Normalized);
    }

    [Fact]
    public void Swaps_only_the_unsure_character()
    {
        float[] confidences = [1, 1, 1, 1, 0.4f, 1, 1, 1];
        var text = VietnamesePlateGrammar.Correct(new PlateRead("75A1B283", confidences, s_model));
        Assert.Equal("75A-182.83", text.Formatted);

        float[] sureB = [1, 1, 1, 1, 0.99f, 1, 1, 1];
        Assert.False(VietnamesePlateGrammar.Correct(new PlateRead("75A1B283", sureB, s_model)).IsValid);
    }

    [Fact]
    public void A_valid_read_is_not_corrected()
    {
        var text = VietnamesePlateGrammar.Correct(Unsure("30G70516"));

        Assert.Equal("30G-705.16", text.Formatted);
        Assert.Equal(0, text.Corrections);
    }

    [Fact]
    public void A_correction_that_yields_no_valid_plate_is_not_made()
    {
        // Z → 2 would make area code 72 but the rest (a letter where the serial needs digits: X) still fails.
        var text = VietnamesePlateGrammar.Correct(Unsure("Z5A1X283"));

        Assert.False(text.IsValid);
        Assert.Equal("Z5A1X283", text.Normalized);
    }

    [Theory]
    [InlineData("YG9X2G", null)] // a Ukrainian-style plate
    [InlineData("abc-1234", null)]
    [InlineData("MYX3152", null)] // Brazil (Mercosur)
    [InlineData("B MW 2024", null)] // Germany
    [InlineData("1234567", null)] // a US all-digit plate
    [InlineData("AB1", "3 characters; a plate has 5 to 8")]
    [InlineData("29B1", "4 characters; a plate has 5 to 8")] // one line of a two-line plate
    [InlineData("ABCDEFGHIJK", "11 characters; a plate has 5 to 8")]
    [InlineData("TOYOTA", "no digit; badges and names are not plates")]
    [InlineData("HYBRID", "no digit; badges and names are not plates")]
    [InlineData("25662", "only 5 digits; a number, not a plate")]
    [InlineData("0000000", "one character repeated; not a plate")]
    public void Generic_mode_accepts_what_a_plate_can_be(string characters, string? invalidReason)
    {
        var text = VietnamesePlateGrammar.Generic(characters);

        Assert.Equal(invalidReason is null, text.IsValid);
        Assert.Equal(invalidReason, text.InvalidReason);
        Assert.Equal(VietnamesePlateKind.Unknown, text.Kind);
        Assert.Equal(PlateCharacters.Normalize(characters), text.Normalized);
    }

    [Theory]
    [InlineData(PlateGrammarMode.Vietnamese, "75A18283")]
    [InlineData(PlateGrammarMode.Generic, "MYX3152")]
    public void A_read_that_fits_the_grammar_is_valid_only_from_the_minimum_confidence(PlateGrammarMode mode, string characters)
    {
        var grammar = new PlateGrammar(mode);
        float[] sure = [.. Enumerable.Repeat(0.99f, characters.Length)];
        var unsure = sure.ToArray();
        unsure[3] = 0.47f; // a sticker read as a plate: 0.10–0.47

        var read = grammar.Check(new PlateRead(characters, sure, s_model), null);
        var sticker = grammar.Check(new PlateRead(characters, unsure, s_model), null);

        Assert.True(read.IsValid);
        Assert.Equal(sure, read.CharacterConfidences);
        Assert.False(sticker.IsValid);
        Assert.Equal(characters, sticker.Normalized);
        Assert.Equal(unsure, sticker.CharacterConfidences);
        Assert.Equal("weakest character read at 0.47, below the 0.50 a plate needs", sticker.InvalidReason);
    }

    [Fact]
    public void Normalisation_keeps_only_plate_characters()
    {
        Assert.Equal("59U162231", PlateCharacters.Normalize("59-U1 622.31"));
        Assert.Equal("29MD112345", PlateCharacters.Normalize("29-mđ1 123.45"));
        Assert.Equal("30A", PlateCharacters.Normalize("京30·A"));
    }

    private static PlateRead Unsure(string characters) => new(characters, [.. Enumerable.Repeat(0.5f, characters.Length)], s_model);
}
