using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Plates;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>How the reader's nine slots become a read: an empty slot's doubt is not thrown away.</summary>
public sealed class FastPlateOcrDecodeTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    private static readonly ModelIdentity Model = new("test-reader", new string('0', 64));

    [Fact]
    public void ALastCharacterReadAsEmptyByAHair_LeavesTheShorterPlateUnsure_NotAValidPlateAtNinetyFivePercent()
    {
        // 75-H1 425.99 with its last slot: empty 0.46 against 9 at 0.44. The empty slot was dropped with its doubt and the
        // read, 75H14259, became the valid older-format 75-H1 4259 at 0.95, never sent for a second opinion.
        var slots = "75H14259".Select(character => Sure(character)).Append(Split(('_', 0.46f), ('9', 0.44f))).ToList();

        var read = FastPlateOcrReader.Decode(Scores(slots), Model);
        var checkedRead = PlateGrammar.Vietnamese.Check(read, PlateLayout.TwoLine);

        Assert.Equal("75H14259", read.Characters);
        Assert.Equal(0.46f, read.CharacterConfidences[^1], 3);
        Assert.False(checkedRead.IsValid);
    }

    [Fact]
    public void SureEmptySlots_LeaveTheCharactersConfidencesAsTheyAre()
    {
        var slots = "75A18283".Select(character => Sure(character)).Append(Sure('_')).ToList();

        var read = FastPlateOcrReader.Decode(Scores(slots), Model);

        Assert.Equal(("75A18283", 0.95f), (read.Characters, read.CharacterConfidences.Min()));
        Assert.True(PlateGrammar.Vietnamese.Check(read, PlateLayout.OneLine).IsValid);
    }

    private static float[] Sure(char character) => Split((character, 0.95f));

    /// <summary>One slot's probabilities: the given ones, the rest shared by the other classes.</summary>
    private static float[] Split(params (char Character, float Probability)[] given)
    {
        var rest = (1 - given.Sum(g => g.Probability)) / (Alphabet.Length - given.Length);
        var row = Enumerable.Repeat(rest, Alphabet.Length).ToArray();
        foreach (var (character, probability) in given)
        {
            row[Alphabet.IndexOf(character, StringComparison.Ordinal)] = probability;
        }

        return row;
    }

    private static SlotScores Scores(List<float[]> slots) => new([.. slots.SelectMany(slot => slot)], slots.Count, Alphabet.Length);
}
