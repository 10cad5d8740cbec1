using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.RoadUsers;

namespace Vision.Pipeline.Tests.RoadUsers;

public sealed class RiderAssociationTests
{
    private static readonly int Person = Id("person");
    private static readonly int Motorcycle = Id("motorcycle");
    private static readonly int Car = Id("car");

    private static int Id(string name) => ObjectClasses.Coco.TryGetId(name, out var id) ? id : throw new ArgumentException(name);

    private static Detection Box(int classId, float confidence, float left, float top, float right, float bottom) =>
        new(new BoundingBox(left, top, right, bottom), classId, confidence);

    [Fact]
    public void Associate_JoinsAWeakMotorbikeWithItsConfidentRider_IntoOneMotorcycleWithTheUnionBox()
    {
        // A rear view: the rider at 0.80, the motorbike under them only 0.22, and the detector also calling it a car.
        var roadUsers = new RiderAssociation(ObjectClasses.Coco).Associate(
        [
            Box(Person, 0.80f, 806, 353, 843, 438),
            Box(Motorcycle, 0.22f, 808, 388, 843, 474),
            Box(Car, 0.30f, 804, 360, 845, 470),
        ]);

        var motorbike = Assert.Single(roadUsers);
        Assert.Equal((Motorcycle, 0.80f, 1), (motorbike.ClassId, motorbike.Confidence, motorbike.Riders));
        Assert.Equal(new BoundingBox(806, 353, 843, 474), motorbike.Box);
    }

    [Fact]
    public void ClassNamesAsAModelsOwnListCapitalisesThem_AreTheSameClasses()
    {
        var classes = new ObjectClasses(["Person", "Bicycle", "Car", "Motorcycle"]);

        var motorbike = Assert.Single(new RiderAssociation(classes).Associate(
        [
            Box(0, 0.75f, 500, 300, 560, 520),
            Box(3, 0.50f, 510, 420, 630, 600),
        ]));

        Assert.Equal((3, 1), (motorbike.ClassId, motorbike.Riders));
        Assert.Equal("motorcycle", classes.NameOf(3));
        Assert.True(Vision.Pipeline.Plates.UnplatedVehicles.Contains(classes.NameOf(1)));
    }

    [Fact]
    public void Associate_CountsEveryRider_OnceEach()
    {
        var roadUsers = new RiderAssociation(ObjectClasses.Coco).Associate(
        [
            Box(Person, 0.75f, 500, 300, 560, 520),
            Box(Person, 0.70f, 540, 290, 600, 515),
            Box(Person, 0.60f, 580, 300, 640, 520),
            Box(Person, 0.45f, 582, 305, 638, 500), // most of the third rider again
            Box(Motorcycle, 0.50f, 510, 420, 630, 600),
        ]);

        var motorbike = Assert.Single(roadUsers);
        Assert.Equal(3, motorbike.Riders);
        Assert.Equal(new BoundingBox(500, 290, 640, 600), motorbike.Box);
    }

    [Fact]
    public void Associate_CountsAChildSeatedInFrontOfTheDriver_ThoughTheirBoxLiesInsideTheDriversOne()
    {
        var roadUsers = new RiderAssociation(ObjectClasses.Coco).Associate(
        [
            Box(Person, 0.80f, 500, 300, 560, 520), // the driver
            Box(Person, 0.70f, 540, 290, 600, 515), // the pillion
            Box(Person, 0.55f, 515, 400, 550, 480), // a child in front of the driver, wholly inside their box
            Box(Person, 0.45f, 502, 305, 558, 510), // most of the driver again: the same person
            Box(Motorcycle, 0.60f, 495, 420, 610, 600),
        ]);

        Assert.Equal(3, Assert.Single(roadUsers).Riders);
    }

    [Fact]
    public void Associate_LeavesPeopleBesideOrBehindAParkedMotorbike_AndOtherVehicles_AsTheyAre()
    {
        Detection[] detections =
        [
            Box(Person, 0.80f, 400, 300, 450, 520),       // beside the motorbike
            Box(Person, 0.80f, 600, 200, 650, 380),       // behind it, feet above its top
            Box(Motorcycle, 0.60f, 460, 400, 640, 530),
            Box(Car, 0.90f, 700, 300, 900, 450),
        ];

        Assert.Equal(detections, new RiderAssociation(ObjectClasses.Coco).Associate(detections));
    }

    [Fact]
    public void Associate_InAStream_NeedsTwoWheelerEvidenceThatHoldsOverFrames()
    {
        var stream = new RiderAssociation(ObjectClasses.Coco, stream: true);
        Detection Walker(float x) => Box(Person, 0.80f, x, 150, x + 58, 330);
        Detection Legs(float x, float score) => Box(Motorcycle, score, x + 2, 190, x + 55, 331);

        // A pedestrian whose legs draw scattered weak motorcycle boxes stays a pedestrian.
        float[] legScores = [0.23f, 0, 0.14f, 0.21f, 0.38f, 0.33f, 0.24f, 0];
        for (var k = 0; k < legScores.Length; k++)
        {
            Detection[] frame = legScores[k] > 0 ? [Walker(700 + 3 * k), Legs(700 + 3 * k, legScores[k])] : [Walker(700 + 3 * k)];
            Assert.DoesNotContain(stream.Associate(frame), d => d.Riders > 0);
        }

        // A rider on a motorbike scoring 0.55 a frame is one road user from the third frame on.
        var joined = new List<int>();
        for (var k = 0; k < 5; k++)
        {
            var y = 300 - 20 * k;
            var users = stream.Associate([Box(Person, 0.75f, 300, y - 180, 360, y - 20), Box(Motorcycle, 0.55f, 305, y - 110, 360, y)]);
            joined.Add(users.Count(d => d.Riders == 1));
        }

        Assert.Equal([0, 0, 1, 1, 1], joined);
    }

    [Fact]
    public void Associate_InAStream_KeepsCountingAPassengerTheDetectorMissedForAFrame()
    {
        var stream = new RiderAssociation(ObjectClasses.Coco, stream: true);
        var riders = new List<int>();
        for (var k = 0; k < 9; k++)
        {
            var x = 3 * k;
            List<Detection> frame =
            [
                Box(Person, 0.75f, 500 + x, 300, 560 + x, 520),
                Box(Person, 0.70f, 540 + x, 290, 600 + x, 515),
                Box(Motorcycle, 0.55f, 510 + x, 420, 630 + x, 600),
            ];
            if (k != 6)
            {
                frame.Add(Box(Person, 0.60f, 580 + x, 300, 640 + x, 520)); // the third person, missed in frame 6
            }

            riders.Add(stream.Associate(frame).Where(d => d.ClassId == Motorcycle).Sum(d => d.Riders));
        }

        // Found again in frame 7, the third person counts at once: their evidence was thrown away with the missed frame.
        Assert.Equal([0, 0, 3, 3, 3, 3, 2, 3, 3], riders);
    }

    [Fact]
    public void Associate_InAStream_FollowsARiderCrossingTheFrameFasterThanTheirBoxOverlapsItself()
    {
        // Cross traffic at 10 fps: a rider 35 px wide moves 25 px a frame (IoU 0.17 with the last frame's box).
        var stream = new RiderAssociation(ObjectClasses.Coco, stream: true);
        var joined = new List<int>();
        for (var k = 0; k < 6; k++)
        {
            var x = 100 + 25 * k;
            var users = stream.Associate([Box(Person, 0.75f, x, 150, x + 35, 250), Box(Motorcycle, 0.55f, x - 5, 200, x + 40, 262)]);
            joined.Add(users.Count(d => d.Riders == 1));
        }

        Assert.Equal([0, 0, 1, 1, 1, 1], joined);
    }
}
