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
    [InlineData(ViolationKind.Speeding, VehicleType.Motorbike, 7.0, "7.2.b", 400_000L, 600_000L)]
    [InlineData(ViolationKind.Speeding, VehicleType.Motorbike, 25.0, "7.8.a", 6_000_000L, 8_000_000L)]
    [InlineData(ViolationKind.Sidewalk, VehicleType.Motorbike, null, "7.7.a", 4_000_000L, 6_000_000L)]
    [InlineData(ViolationKind.Sidewalk, VehicleType.Car, null, "6.6.d", 6_000_000L, 8_000_000L)]
    [InlineData(ViolationKind.LaneNotAllowed, VehicleType.Car, null, "6.5.b", 4_000_000L, 6_000_000L)]
    [InlineData(ViolationKind.LaneNotAllowed, VehicleType.Motorbike, null, "7.3.d", 600_000L, 800_000L)]
    [InlineData(ViolationKind.SolidLineCrossing, VehicleType.Car, null, "6.1.a", 400_000L, 600_000L)]
    [InlineData(ViolationKind.SolidLineCrossing, VehicleType.Motorbike, null, "7.1.a", 200_000L, 400_000L)]
    [InlineData(ViolationKind.IllegalStopping, VehicleType.Car, null, "6.2.đ", 600_000L, 800_000L)]
    [InlineData(ViolationKind.IllegalParking, VehicleType.Car, null, "6.3.e", 800_000L, 1_000_000L)]
    [InlineData(ViolationKind.IllegalStopping, VehicleType.Motorbike, null, "7.2.e", 400_000L, 600_000L)]
    [InlineData(ViolationKind.IllegalParking, VehicleType.Motorbike, null, "7.2.e", 400_000L, 600_000L)]
    [InlineData(ViolationKind.WrongWay, VehicleType.Motorbike, null, "7.7.a", 4_000_000L, 6_000_000L)]
    [InlineData(ViolationKind.RedLight, VehicleType.Bicycle, null, "9.2.đ", 150_000L, 250_000L)]
    [InlineData(ViolationKind.WrongWay, VehicleType.Bicycle, null, "9.3.c", 300_000L, 400_000L)]
    [InlineData(ViolationKind.AnimalOnRoad, VehicleType.Other, null, "11.1.d", 150_000L, 250_000L)]
    public void RepositoryTable_GivesTheDecreeProvision(ViolationKind kind, VehicleType vehicle, double? excess, string code, long minimum, long maximum)
    {
        var table = RuleScript.Legal;

        var reference = table.Find(kind, vehicle, excess);

        Assert.Equal("Decree 168/2024/NĐ-CP", reference!.Instrument);
        Assert.Equal((code, minimum, maximum), (reference.Code, reference.Fine.MinimumVnd, reference.Fine.MaximumVnd));
    }

    [Theory]
    [InlineData(3, "7.2.g", 400_000L, 600_000L)]
    [InlineData(4, "7.3.b", 600_000L, 800_000L)]
    [InlineData(6, "7.3.b", 600_000L, 800_000L)]
    public void RepositoryTable_FinesAnOverloadedMotorbike_ByThePeopleOnIt(int people, string code, long minimum, long maximum)
    {
        var reference = RuleScript.Legal.Find(ViolationKind.MotorbikeOverloaded, VehicleType.Motorbike, people: people);

        Assert.Equal((code, minimum, maximum), (reference!.Code, reference.Fine.MinimumVnd, reference.Fine.MaximumVnd));
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
                new LegalTableEntry { Kind = ViolationKind.Sidewalk, VehicleType = VehicleType.Car, MinimumPeople = 3, Article = 6, Clause = 6, Point = "d", MinimumFineVnd = 1, MaximumFineVnd = 2 },
            ],
        };

        Assert.Equal(
        [
            "t.json: Entries[0] (RedLight, Car): the fine range 20-10 VND is empty or inverted",
            "t.json: Entries[1] (RedLight, Car): point 'w' is not one letter of a Vietnamese legal point (a, b, c, d, đ, e …)",
            "t.json: Entries[2] (WrongWay, Car): article and clause must be positive, not 0.9",
            "t.json: Entries[2] (WrongWay, Car): only Speeding rows may set MinimumExcessKmh",
            "t.json: Entries[3] (Sidewalk, Car): only MotorbikeOverloaded rows may set MinimumPeople",
            "t.json: (RedLight, Car, from 0 km/h) appears 2 times",
        ], LegalTable.Validate(document, "t.json"));
        Assert.Equal(["/nonexistent.json: the legal table file does not exist"], LegalTable.Load("/nonexistent.json").Problems);
        Assert.NotNull(LegalTable.Load(Path.Combine(TestAssets.RepositoryRoot, "scenes", "legal-decree-168.json")).Table);
    }
}
