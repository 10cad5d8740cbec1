using System.Text.Json;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.Tracking;

/// <summary>Hand-labelled people of vtest.avi frames 100–200 (every 10th frame), identities followed by eye.</summary>
public sealed record IdentityLabels(IReadOnlyDictionary<long, IReadOnlyList<(string Person, BoundingBox Box)>> Frames)
{
    public static IdentityLabels Load()
    {
        var path = Path.Combine(Support.TestAssets.RepositoryRoot, "tests", "Vision.Pipeline.Tests", "Tracking", "vtest_people_labels.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var frames = new Dictionary<long, IReadOnlyList<(string, BoundingBox)>>();
        foreach (var frame in document.RootElement.GetProperty("frames").EnumerateArray())
        {
            frames[frame.GetProperty("frame").GetInt64()] = frame.GetProperty("people").EnumerateArray()
                .Select(person =>
                {
                    var box = person.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
                    return (person.GetProperty("id").GetString()!, new BoundingBox(box[0], box[1], box[2], box[3]));
                })
                .ToList();
        }

        return new IdentityLabels(frames);
    }
}
