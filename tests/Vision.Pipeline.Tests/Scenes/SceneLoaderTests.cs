using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Scenes;

public sealed class SceneLoaderTests
{
    internal const string Junction = """
        {
          "Id": "junction-1", "Version": 3,
          "Zones": [
            { "Name": "road", "Kind": "Road", "Polygon": [[0.0, 0.3], [1.0, 0.3], [1.0, 1.0], [0.0, 1.0]] },
            { "Name": "east sidewalk", "Kind": "Sidewalk", "Polygon": [[0.85, 0.3], [1.0, 0.3], [1.0, 1.0], [0.85, 1.0]], "MaxDwell": "00:00:30" },
            { "Name": "bus stop", "Kind": "NoStopping", "Polygon": [[0.0, 0.5], [0.1, 0.5], [0.1, 0.8], [0.0, 0.8]], "MaxDwell": "00:00:05" }
          ],
          "Lights": [ { "Id": "north", "TopLeft": [0.45, 0.02], "BottomRight": [0.5, 0.17] } ],
          "StopLines": [ { "Name": "north stop line", "Start": [0.1, 0.5], "End": [0.9, 0.5], "Beyond": [0.5, 0.3], "Lights": ["north"] } ],
          "Lanes": [ { "Name": "northbound", "Polygon": [[0.5, 0.3], [0.85, 0.3], [0.85, 1.0], [0.5, 1.0]], "Direction": [0, -1], "AllowedClasses": ["car", "motorcycle"] } ],
          "SolidLines": [ { "Name": "centre line", "Points": [[0.5, 0.3], [0.5, 1.0]] } ],
          "Calibration": { "ImagePoints": [[0.1, 0.4], [0.9, 0.4], [0.9, 0.9], [0.1, 0.9]], "GroundPointsMetres": [[0, 30], [16, 30], [16, 0], [0, 0]] },
          "SpeedLimits": [ { "Class": "car", "SpeedLimitKmh": 50 }, { "Class": "motorcycle", "SpeedLimitKmh": 40 } ]
        }
        """;

    private static readonly SceneLoader Loader = new(ObjectClasses.Coco, helmetModelAvailable: false);

    [Fact]
    public void ValidScene_Loads_WithItsGeometryInPixelsOfEachResolution()
    {
        var result = Loader.Parse(Junction, "junction-1.json");

        Assert.Empty(result.Problems);
        var scene = result.Scene!;
        Assert.Equal(("junction-1", 3), (scene.Id, scene.Version));
        var hd = scene.GeometryFor(1280, 720);
        Assert.Equal(new PixelPoint(128, 360), hd.StopLines[0].Start);
        Assert.True(hd.Zones[0].Contains(new PixelPoint(640, 500)));
        Assert.False(hd.Zones[0].Contains(new PixelPoint(640, 100)));
        Assert.Equal(new OpenCvSharp.Rect(576, 14, 64, 108), hd.LightRegions[0]);
        var small = scene.GeometryFor(640, 360);
        Assert.Equal(new PixelPoint(64, 180), small.StopLines[0].Start);
        Assert.Same(hd, scene.GeometryFor(1280, 720));
        Assert.Equal(-1f, hd.StopLineBeyondSign[0] * MathF.Sign(hd.StopLines[0].SignedDistance(new PixelPoint(640, 700))));
    }

    [Fact]
    public void GroundPlane_MapsTheCalibrationPointsToTheirMetres()
    {
        var plane = Loader.Parse(Junction, "j.json").Scene!.GroundPlane!;

        var corner = plane.ToGround(0.9, 0.4);
        Assert.Equal(16, corner.XMetres, 3);
        Assert.Equal(30, corner.YMetres, 3);
        var origin = plane.ToGround(0.1, 0.9);
        Assert.Equal(0, origin.XMetres, 3);
        Assert.Equal(0, origin.YMetres, 3);
    }

    [Fact]
    public void Sha256_IgnoresWhitespaceAndPropertyOrder_ButNotContent()
    {
        var reference = Loader.Parse(Junction, "a.json").Scene!.Sha256;
        var reformatted = Junction.Replace("\n", " ").Replace("  ", " ").Replace("\"Id\": \"junction-1\", \"Version\": 3,", "\"Version\": 3, \"Id\": \"junction-1\",");
        var moved = Junction.Replace("[0.1, 0.5], \"End\"", "[0.11, 0.5], \"End\"");

        Assert.Equal(64, reference.Length);
        Assert.NotEqual(Junction, reformatted);
        Assert.Equal(reference, Loader.Parse(reformatted, "b.json").Scene!.Sha256);
        Assert.NotEqual(reference, Loader.Parse(moved, "c.json").Scene!.Sha256);
    }

    [Theory]
    [InlineData("[0.85, 0.3], [1.0, 0.3], [1.0, 1.0], [0.85, 1.0]", "[0.85, 0.3], [1.0, 1.0], [1.0, 0.3], [0.85, 1.0]",
        "Zones[1] 'east sidewalk'.Polygon", "the polygon intersects itself: edge 0-1 crosses edge 2-3")]
    [InlineData("[0.85, 0.3], [1.0, 0.3], [1.0, 1.0], [0.85, 1.0]", "[0.85, 0.3], [0.9, 0.3], [1.0, 0.3]",
        "Zones[1] 'east sidewalk'.Polygon", "the polygon is degenerate (no area)")]
    [InlineData("[0.85, 0.3], [1.0, 0.3], [1.0, 1.0], [0.85, 1.0]", "[0.85, 0.3], [1.2, 0.3], [1.0, 1.0], [0.85, 1.0]",
        "Zones[1] 'east sidewalk'.Polygon[1]", "point [1.2, 0.3] lies outside the image; coordinates are normalised to [0, 1]")]
    [InlineData("\"Lights\": [\"north\"]", "\"Lights\": []",
        "StopLines[0] 'north stop line'.Lights", "a stop line needs the light(s) that govern it")]
    [InlineData("\"Lights\": [\"north\"]", "\"Lights\": [\"south\"]",
        "StopLines[0] 'north stop line'.Lights", "light 'south' is not defined in Lights")]
    [InlineData("\"Beyond\": [0.5, 0.3]", "\"Beyond\": [0.5, 0.5]",
        "StopLines[0] 'north stop line'.Beyond", "the Beyond point lies on the stop line; it must mark the intersection side")]
    [InlineData("[\"car\", \"motorcycle\"]", "[\"car\", \"scooter\"]",
        "Lanes[0] 'northbound'.AllowedClasses", "'scooter' is not a class of the detector")]
    [InlineData("[[0.1, 0.4], [0.9, 0.4], [0.9, 0.9], [0.1, 0.9]]", "[[0.1, 0.4], [0.5, 0.4], [0.9, 0.4], [0.1, 0.9]]",
        "Calibration.ImagePoints", "points 0, 1 and 2 are collinear: the four points must span the road surface")]
    [InlineData("\"MaxDwell\": \"00:00:05\"", "\"MaxDwell\": null",
        "Zones[2] 'bus stop'.MaxDwell", "a NoStopping zone needs a positive MaxDwell")]
    [InlineData("\"Name\": \"bus stop\"", "\"Name\": \"road\"",
        "Zones", "'road' is used 2 times; names must be unique")]
    [InlineData("\"Direction\": [0, -1]", "\"Direction\": [0, 0]",
        "Lanes[0] 'northbound'.Direction", "the lane direction is a zero vector")]
    [InlineData("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"SpeedWindow\": \"00:00:00.4\" },",
        "Rules.SpeedWindow", "must be at least 0.5 s, the least time a speed is measured over (a shorter window never measures one), not 00:00:00.4000000")]
    [InlineData("[[0, 30], [16, 30], [16, 0], [0, 0]]", "[[0, 30], [16, 30], [0, 0], [16, 0]]",
        "Calibration.GroundPointsMetres", "the ground points are not in the order of the image points: each ground point must be where its image point lies on the road")]
    [InlineData("{ \"Class\": \"motorcycle\", \"SpeedLimitKmh\": 40 }", "{ \"Class\": \"Car\", \"SpeedLimitKmh\": 40 }",
        "SpeedLimits", "'car' is used 2 times; names must be unique")]
    [InlineData("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"Enabled\": [\"RedLight\", \"IllegalParking\"] },",
        "Rules.Enabled", "IllegalParking is enabled but the scene has no NoParking zone: the rule would never run")]
    [InlineData("\"StopLines\": [ { \"Name\": \"north stop line\", \"Start\": [0.1, 0.5], \"End\": [0.9, 0.5], \"Beyond\": [0.5, 0.3], \"Lights\": [\"north\"] } ],",
        "\"StopLines\": [], \"Rules\": { \"Enabled\": [\"RedLight\", \"WrongWay\"] },", "Rules.Enabled", "RedLight is enabled but the scene has no StopLines: the rule would never run")]
    [InlineData("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"LineHysteresis\": 0 },",
        "Rules.LineHysteresis", "must be between 0.004 and 0.2 of the image height (a band that absorbs a box's jitter), not 0")]
    [InlineData("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"LaneMinDuration\": \"00:00:00\" },",
        "Rules.LaneMinDuration", "must be at least 0.3 s, not 00:00:00")]
    public void InvalidScene_IsRefused_NamingTheFileTheElementAndTheProblem(string original, string broken, string element, string problem)
    {
        Assert.Contains(original, Junction, StringComparison.Ordinal);
        var result = Loader.Parse(Junction.Replace(original, broken), "cameras/junction-1.json");

        Assert.Null(result.Scene);
        Assert.Equal([new SceneProblem("cameras/junction-1.json", element, problem)], result.Problems);
    }

    [Theory]
    [InlineData("\"Name\": \"east sidewalk\", \"Kind\": \"Sidewalk\",", "\"Name\": \"east sidewalk\",", "$.Zones[1]", "Kind")]
    [InlineData("\"Kind\": \"Sidewalk\"", "\"Kind\": 1", "$.Zones[1].Kind", "")]
    [InlineData("\"Beyond\": [0.5, 0.3], ", "", "$.StopLines[0]", "Beyond")]
    [InlineData("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"Enabled\": [0] },", "$.Rules.Enabled[0]", "")]
    public void AMissingMemberTheRulesNeed_OrAnEnumGivenAsANumber_IsRefusedWithItsPath(string original, string broken, string element, string named)
    {
        // Taken silently before: a zone without a Kind was a Road zone (its MaxDwell never fined anyone), a stop line
        // without Beyond had the image's top-left corner for the intersection side, and "Kind": 7 was any member or none.
        Assert.Contains(original, Junction, StringComparison.Ordinal);
        var result = Loader.Parse(Junction.Replace(original, broken), "j.json");

        var problem = Assert.Single(result.Problems);
        Assert.StartsWith(element, problem.Element, StringComparison.Ordinal);
        Assert.Contains(named, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AScene_HoldsAtMostMaxZonesZones()
    {
        var zones = string.Join(", ", Enumerable.Range(0, SceneValidator.MaxZones + 1)
            .Select(i => $$"""{ "Name": "bay {{i}}", "Kind": "Road", "Polygon": [[0.1, 0.5], [0.2, 0.5], [0.2, 0.6]] }"""));

        var result = Loader.Parse($$"""{ "Id": "j", "Version": 1, "Zones": [{{zones}}] }""", "j.json");

        Assert.Equal([new SceneProblem("j.json", "Zones", $"a scene holds at most {SceneValidator.MaxZones} zones, not {SceneValidator.MaxZones + 1}")], result.Problems);
    }

    [Fact]
    public void HelmetRule_EnabledWithoutAModel_IsReported()
    {
        var json = Junction.Replace("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"Enabled\": [\"RedLight\", \"NoHelmet\"] },");

        var result = Loader.Parse(json, "j.json");

        Assert.Equal([new SceneProblem("j.json", "Rules.Enabled",
            "NoHelmet is enabled but the rule cannot run: this version has no helmet classifier (Vision:Rules:HelmetModelPath, models/MODELS.md)")], result.Problems);
        Assert.True(new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: true).Parse(json, "j.json").Succeeded);
    }

    [Fact]
    public void UnknownProperty_OrMalformedJson_IsRefusedWithItsPath()
    {
        var typo = Loader.Parse(Junction.Replace("\"SolidLines\"", "\"SolidLine\""), "j.json");
        var missingFile = Loader.Load("/nonexistent/scene.json");

        Assert.Single(typo.Problems);
        Assert.Equal("$.SolidLine", typo.Problems[0].Element);
        Assert.Equal([new SceneProblem("/nonexistent/scene.json", "(file)", "the scene file does not exist")], missingFile.Problems);
    }

    [Theory]
    [InlineData("\"Zones\": null", "$.Zones")]
    [InlineData("\"Rules\": null", "$.Rules")]
    [InlineData("\"Zones\": [ { \"Name\": \"road\", \"Kind\": \"Road\", \"Polygon\": null } ]", "$.Zones[0].Polygon")]
    [InlineData("\"Zones\": [ null ]", "$.Zones[0]")]
    [InlineData("\"SolidLines\": [ null ]", "$.SolidLines[0]")]
    public void ANullWhereTheSceneNeedsAValue_IsAProblemNamingIt_NotACrash(string member, string element)
    {
        var result = Loader.Parse($$"""{ "Id": "j", "Version": 1, {{member}} }""", "j.json");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Element == element && p.File == "j.json");
    }

    [Theory]
    [InlineData("sample-vtest")]
    [InlineData("example-junction")]
    public void SceneFiles_OfTheRepository_AreValid(string id)
    {
        var result = Loader.Load(Path.Combine(TestAssets.RepositoryRoot, "scenes", id + ".json"));

        Assert.Empty(result.Problems);
        Assert.Equal(id, result.Scene!.Id);
    }
}
