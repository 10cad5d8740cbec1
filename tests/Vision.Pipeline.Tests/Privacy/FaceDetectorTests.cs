using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Privacy;

public sealed class FaceDetectorTests : IDisposable
{
    private readonly FaceDetector _faces = new(new FaceDetectorOptions(), TestAssets.ModelDirectory);

    [Fact]
    public void FindsBothFacesOfTheZidanePhoto()
    {
        using var image = TestAssets.SampleImage("images/zidane.jpg");

        var faces = _faces.Detect(image);

        Assert.Equal(2, faces.Count);
        // Hand-measured: Ancelotti's face (left) and Zidane's face (right).
        var expected = new[] { new BoundingBox(560, 265, 655, 415), new BoundingBox(920, 100, 1050, 270) };
        foreach (var face in expected)
        {
            Assert.Contains(faces, found => found.Box.IntersectionOverUnion(face) > 0.6f);
        }
    }

    [Fact]
    public void FindsTheCrowdInTheGroupPhoto()
    {
        using var image = TestAssets.SampleImage("images/faces_group_ultraface_1.jpg");

        var faces = _faces.Detect(image);

        Assert.InRange(faces.Count, 45, 60);
        Assert.All(faces, face => Assert.InRange(face.Box.Width, 5, 120));
    }

    [Fact]
    public void FindsNoFaceInAStreetWithoutPeopleCloseUp()
    {
        using var image = TestAssets.SampleImage("images/vn_motorbikes_parked_101.jpg");

        Assert.Empty(_faces.Detect(image));
    }

    [Fact]
    public void ReportsTheModelItRan()
    {
        Assert.Equal("face_detection_yunet_2026may", _faces.Model.Name);
        Assert.Equal(64, _faces.Model.Sha256.Length);
    }

    public void Dispose() => _faces.Dispose();
}
