using BenchmarkDotNet.Attributes;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.RoadUsers;

namespace Vision.Benchmarks;

/// <summary>
/// The road-user association on one busy Huế frame: 40 motorbikes, 30 of them ridden (10 by two), 8 pedestrians, 6 cars
/// and 40 weak boxes, in stream mode (with its evidence carried over from the previous frame).
/// </summary>
[MemoryDiagnoser]
public class RoadUserBenchmarks
{
    private readonly List<Detection> _detections = [];
    private readonly List<Detection> _roadUsers = [];
    private RiderAssociation _association = null!;

    [GlobalSetup]
    public void Setup()
    {
        var classes = ObjectClasses.Coco;
        classes.TryGetId("person", out var person);
        classes.TryGetId("motorcycle", out var motorcycle);
        classes.TryGetId("car", out var car);
        var random = new Random(7);
        for (var m = 0; m < 40; m++)
        {
            var x = 40 * (m % 20) + 10;
            var y = 300 + 200 * (m / 20);
            _detections.Add(new Detection(new BoundingBox(x, y, x + 36, y + 90), motorcycle, 0.15f + 0.6f * random.NextSingle()));
            if (m < 30)
            {
                _detections.Add(new Detection(new BoundingBox(x + 2, y - 60, x + 34, y + 50), person, 0.7f + 0.2f * random.NextSingle()));
            }

            if (m < 10)
            {
                _detections.Add(new Detection(new BoundingBox(x + 6, y - 50, x + 32, y + 40), person, 0.5f));
            }
        }

        for (var p = 0; p < 8; p++)
        {
            _detections.Add(new Detection(new BoundingBox(900 + 30 * p, 200, 925 + 30 * p, 300), person, 0.8f));
        }

        for (var c = 0; c < 6; c++)
        {
            _detections.Add(new Detection(new BoundingBox(100 * c, 700, 100 * c + 90, 780), car, 0.9f));
        }

        for (var w = 0; w < 40; w++)
        {
            _detections.Add(new Detection(new BoundingBox(20 * w, 50, 20 * w + 15, 80), w % 2 == 0 ? person : car, 0.12f));
        }

        _association = new RiderAssociation(classes, stream: true);
        _association.Associate(_detections, _roadUsers, null);
    }

    [Benchmark(Description = "road users of a 174-detection frame")]
    public int Associate()
    {
        _roadUsers.Clear();
        _association.Associate(_detections, _roadUsers, null);
        return _roadUsers.Count;
    }
}
