using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// Loose cattle on one Road zone: the animals detected on the road in a frame (anchor in the zone) are one herd
/// when there are at least <see cref="SceneRuleSettings.HerdMinAnimals"/>; one case per herd episode, with its
/// duration and the most animals seen at once. Counted on detections, so sparse frames work as well as video.
/// </summary>
internal sealed class HerdWatch(int zoneIndex, SceneZone zone, PixelPolygon polygon, SceneRuleSettings rules)
{
    private readonly SlowEpisodeTracker _episodes = new(rules.AnimalMinDuration, rules.HerdClearDuration, rules.SlowCaseMaxDuration, rules.TimeLapseInterval);
    private readonly Dictionary<int, int> _classCounts = [];
    private readonly List<BoundingBox> _counted = [];
    private string _animalClass = string.Empty;

    public int ZoneIndex { get; } = zoneIndex;

    public SceneZone Zone { get; } = zone;

    public long HeldFrameBytes => _episodes.HeldBytes;

    public FinishedEpisode? Observe(IReadOnlyList<Detection> detections, StreetOrderClasses classes, EncodedFrame frame)
    {
        var animals = 0;
        BoundingBox? region = null;
        _classCounts.Clear();
        _counted.Clear();
        foreach (var detection in detections)
        {
            var box = detection.Box;
            // The detector may call one animal both horse and cow: one box, one animal.
            if (classes.IsAnimal(detection.ClassId) && polygon.Contains(PixelPoint.BottomCentreOf(box)) && !SameObject.AlreadyCounted(_counted, box))
            {
                _counted.Add(box);
                animals++;
                region = region is { } r ? new BoundingBox(Math.Min(r.Left, box.Left), Math.Min(r.Top, box.Top), Math.Max(r.Right, box.Right), Math.Max(r.Bottom, box.Bottom)) : box;
                _classCounts[detection.ClassId] = _classCounts.GetValueOrDefault(detection.ClassId) + 1;
            }
        }

        var herd = animals >= rules.HerdMinAnimals;
        if (herd)
        {
            _animalClass = classes.Names.NameOf(_classCounts.MaxBy(c => c.Value).Key);
        }

        return _episodes.Observe(frame, animals, herd, region ?? default);
    }

    /// <summary>Ends the running herd episode (<see cref="SlowEpisodeTracker.End"/>); the case, if it is one.</summary>
    public FinishedEpisode? End() => _episodes.End();

    public string AnimalClass => _animalClass;
}
