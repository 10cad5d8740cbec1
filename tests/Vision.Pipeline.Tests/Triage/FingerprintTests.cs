using OpenCvSharp;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage.Duplicates;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Triage;

public sealed class FingerprintTests(ITestOutputHelper output)
{
    public static IReadOnlyList<string> SampleNames { get; } =
    [
        "images/bus.jpg", "images/zidane.jpg", "images/street_cars_yfv2_000004.jpg", "images/street_00001_ppvehicle.jpg",
        "images/horses_darknet.jpg", "images/vn_cars_4.jpg", "images/vn_motorbikes_parked_101.jpg", "images/openlenda_sample.jpg",
    ];

    public static TheoryData<string> Samples => [.. SampleNames];

    [Theory]
    [MemberData(nameof(Samples))]
    public void RepostedCopy_StaysWithinTheDuplicateDistance(string sample)
    {
        var original = TestAssets.SampleBytes(sample);
        using var decoded = Cv2.ImDecode(original, ImreadModes.Color);
        using var copy = Cv2.ImDecode(TriagePhotos.RepostedCopy(original), ImreadModes.Color);

        var originalPrint = PhotoFingerprint.Of(decoded);
        var copyPrint = PhotoFingerprint.Of(copy);
        var distance = copyPrint.DistanceTo(originalPrint);
        output.WriteLine($"{sample}: reposted copy at {distance} bits (whole-to-whole {PerceptualHash.Distance(originalPrint.Whole, copyPrint.Whole)})");

        Assert.InRange(distance, 0, new Vision.Pipeline.Triage.TriageOptions().DuplicateMaxHammingDistance);
        Assert.Equal(distance, originalPrint.DistanceTo(copyPrint));
    }

    [Fact]
    public void DifferentPhotos_AreFartherApartThanTheDuplicateDistance()
    {
        var prints = SampleNames
            .Select(sample =>
            {
                using var image = TestAssets.SampleImage(sample);
                return (Sample: sample, Print: PhotoFingerprint.Of(image));
            })
            .ToList();

        var closest = int.MaxValue;
        for (var first = 0; first < prints.Count; first++)
        {
            for (var second = first + 1; second < prints.Count; second++)
            {
                var distance = prints[first].Print.DistanceTo(prints[second].Print);
                output.WriteLine($"{prints[first].Sample} vs {prints[second].Sample}: {distance}");
                closest = Math.Min(closest, distance);
            }
        }

        output.WriteLine($"closest pair of different photos: {closest} bits");
        Assert.True(closest > new Vision.Pipeline.Triage.TriageOptions().DuplicateMaxHammingDistance + 4, $"closest different pair at {closest} bits");
    }

    [Fact]
    public void Fingerprint_RoundTripsThroughItsStoredBytes_AndRefusesOtherVersions()
    {
        using var image = TestAssets.SampleImage("images/bus.jpg");
        var print = PhotoFingerprint.Of(image);
        var bytes = print.ToBytes();

        Assert.True(PhotoFingerprint.TryRead(bytes, out var read));
        Assert.Equal(print, read);
        bytes[0] = 2;
        Assert.False(PhotoFingerprint.TryRead(bytes, out _));
        Assert.False(PhotoFingerprint.TryRead(bytes.AsSpan(1), out _));
    }
}
