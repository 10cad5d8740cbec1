using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Rules;

public sealed class LegalTableTests
{
    [Theory]
    [InlineData(ViolationKind.RedLight, VehicleType.Car, null, "6.9.b", 18_000_000L, 20_000_000L)]
    [InlineData(ViolationKind.RedLight, VehicleType.Motorbike, null, "7.7.c", 4_000_000L, 6_000_000L)]
    [InlineData(ViolationKind.NoHelmet, VehicleType.Motorbike, null, "7.2.h", 400_000L, 600_000L)]
    [InlineData(ViolationKind.WrongWay, VehicleType.Car, null, "6.9.d", 18_000_000L, 20_000_000L)]
    [InlineData(ViolationKind.Speeding, VehicleType.Car, 7.0, "6.3.a", 800_000L, 1_000_000L)]
    [InlineData(ViolationKind.Speeding, VehicleType.Car, 40.0, "6.7.a", 12_000_000L, 14_000_000L)]
    [InlineData(ViolationKind.Speeding, VehicleType.Motorbike, 15.0, "7.4.a", 800_000L, 1_000_000L)]
    public void RepositoryTable_GivesTheDecreeProvision(ViolationKind kind, VehicleType vehicle, double? excess, string code, long minimum, long maximum)
    {
        var table = RuleScript.Legal;

        var reference = table.Find(kind, vehicle, excess);

        Assert.Equal("Decree 168/2024/NĐ-CP", reference!.Instrument);
        Assert.Equal((code, minimum, maximum), (reference.Code, reference.Fine.MinimumVnd, reference.Fine.MaximumVnd));
    }

    [Fact]
    public void RepositoryTable_HasNoRow_ForAnExcessBelowTheFirstBand_OrAnUnmappedPair()
    {
        Assert.Null(RuleScript.Legal.Find(ViolationKind.Speeding, VehicleType.Car, 3));
        Assert.Null(RuleScript.Legal.Find(ViolationKind.NoHelmet, VehicleType.Car));
    }

    [Fact]
    public void RepositoryTable_HasAProvision_ForEveryKindVehicleTypeAndSpeedingExcessTheRulesCanRaise()
    {
        var classes = new RuleClasses(ObjectClasses.Coco, ["cow", "horse", "sheep", "dog"]);
        var raisable = LegalCoverage.Raisable(classes).ToList();

        Assert.Empty(LegalCoverage.Missing(RuleScript.Legal, classes));
        // Every vehicle rule for cars, motorbikes and bicycles; speeding for motor vehicles; overload and helmets for motorbikes; animals.
        Assert.Equal(7 * 3 + 2 + 2 + 1, raisable.Count);
        Assert.Contains((ViolationKind.WrongWay, VehicleType.Bicycle), raisable);
        Assert.DoesNotContain((ViolationKind.Speeding, VehicleType.Bicycle), raisable);
        foreach (var (kind, type) in raisable)
        {
            var fine = RuleScript.Legal.Find(kind, type, kind == ViolationKind.Speeding ? SpeedingRule.MinimumFineableExcessKmh : null)!.Fine;
            Assert.True(fine.MinimumVnd > 0 && fine.MaximumVnd >= fine.MinimumVnd, $"{kind} by {type}: {fine}");
        }
    }

    [Fact]
    public void Coverage_NamesWhatATableLacks()
    {
        var path = Path.Combine(Path.GetTempPath(), $"legal-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "Instrument": "Decree 168/2024/NĐ-CP", "Entries": [
              { "Kind": "Speeding", "VehicleType": "Car", "MinimumExcessKmh": 10, "Article": 6, "Clause": 5, "Point": "đ", "MinimumFineVnd": 4000000, "MaximumFineVnd": 6000000, "Description": "speeding 10-20" } ] }
            """);
        try
        {
            var table = LegalTable.Load(path).Table!;
            var missing = LegalCoverage.Missing(table, new RuleClasses(ObjectClasses.Coco, []), maxExcessKmh: 12);

            Assert.Contains("Speeding by Car at 5 km/h over the limit", missing);
            Assert.Contains("Speeding by Car at 9.5 km/h over the limit", missing);
            Assert.DoesNotContain("Speeding by Car at 10 km/h over the limit", missing);
            Assert.Contains("RedLight by Bicycle", missing);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InvalidTable_IsRefused_RowByRow()
    {
        var document = new LegalTableDocument
        {
            Instrument = "Decree 168/2024/NĐ-CP",
            Entries =
            [
                new LegalTableEntry { Kind = ViolationKind.RedLight, VehicleType = VehicleType.Car, Article = 6, Clause = 9, Point = "b", MinimumFineVnd = 20, MaximumFineVnd = 10 },
                new LegalTableEntry { Kind = ViolationKind.RedLight, VehicleType = VehicleType.Car, Article = 6, Clause = 9, Point = "w", MinimumFineVnd = 1, MaximumFineVnd = 2 },
                new LegalTableEntry { Kind = ViolationKind.WrongWay, VehicleType = VehicleType.Car, MinimumExcessKmh = 5, Article = 0, Clause = 9, Point = "d", MinimumFineVnd = 1, MaximumFineVnd = 2 },
            ],
        };

        Assert.Equal(
        [
            "t.json: Entries[0] (RedLight, Car): the fine range 20-10 VND is empty or inverted",
            "t.json: Entries[1] (RedLight, Car): point 'w' is not one letter of a Vietnamese legal point (a, b, c, d, đ, e …)",
            "t.json: Entries[2] (WrongWay, Car): article and clause must be positive, not 0.9",
            "t.json: Entries[2] (WrongWay, Car): only Speeding rows may set MinimumExcessKmh",
            "t.json: (RedLight, Car, from 0 km/h) appears 2 times",
        ], LegalTable.Validate(document, "t.json"));
        Assert.Equal(["/nonexistent.json: the legal table file does not exist"], LegalTable.Load("/nonexistent.json").Problems);
        Assert.NotNull(LegalTable.Load(Path.Combine(TestAssets.RepositoryRoot, "scenes", "legal-decree-168.json")).Table);
    }
}
