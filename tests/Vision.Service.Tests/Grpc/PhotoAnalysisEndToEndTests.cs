using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Grpc;

[Collection(VisionServiceCollection.Name)]
public sealed class PhotoAnalysisEndToEndTests(VisionServiceFixture service)
{
    private PhotoAnalysis.PhotoAnalysisClient Client => new(service.Channel);

    [Fact]
    public async Task AnalyzePhoto_ReturnsTheBusAndPeople_WithTheModelThatFoundThem()
    {
        var response = await Client.AnalyzePhotoAsync(new AnalyzePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/bus.jpg")),
            Resolution = DetectionResolution.Standard,
            Metadata = new PhotoMetadata { ReportId = "hue-s-2026-000123" },
        });

        Assert.Equal((810, 1080, "JPEG"), (response.ImageWidth, response.ImageHeight, response.ImageFormat));
        Assert.Equal("hue-s-2026-000123", response.ReportId);
        var model = Assert.Single(response.Detectors);
        Assert.Equal("yolox-nano-coco-416", model.Name);
        Assert.Equal("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14", model.Sha256);
        Assert.Equal("Cpu", model.ExecutionProvider);
        var bus = Assert.Single(response.Objects, o => o.ClassName == "bus");
        Assert.True(bus.Score >= 0.8f);
        ExpectedBoxes.AssertEachMatched([new(17, 230, 805, 740)], [ToBox(bus.Box)]);
        ExpectedBoxes.AssertEachMatched(
            [new(48, 398, 245, 902), new(222, 406, 344, 857), new(668, 392, 810, 880)],
            response.Objects.Where(o => o.ClassName == "person").Select(o => ToBox(o.Box)).ToList());
        Assert.True(response.Timings.Total.ToTimeSpan() > TimeSpan.Zero);
    }

    [Fact]
    public async Task AnalyzePhoto_UsesBothPasses_ByDefault()
    {
        var response = await Client.AnalyzePhotoAsync(new AnalyzePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/vn_motorbikes_parked_101.jpg")),
        });

        Assert.Equal(DetectionResolution.High, response.Resolution);
        Assert.Equal(["yolox-nano-coco-416", "yolox-nano-coco-dynamic"], response.Detectors.Select(d => d.Name));
        Assert.Equal((736, 960), (response.Detectors[1].InputWidth, response.Detectors[1].InputHeight));
        Assert.True(response.Objects.Count(o => o.ClassName == "motorcycle") >= 4);
        Assert.All(response.Objects, o => Assert.InRange(o.DetectorIndex, 0, 1));
    }

    public static TheoryData<string, string> BadImages => new()
    {
        { "empty", "IMAGE_EMPTY" },
        { "truncated", "IMAGE_TRUNCATED" },
        { "not an image", "IMAGE_UNSUPPORTED_FORMAT" },
        { "30000x30000 header", "IMAGE_DIMENSIONS_TOO_LARGE" },
        { "8x8", "IMAGE_DIMENSIONS_TOO_SMALL" },
    };

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task AnalyzePhoto_RefusesBadImagesWithInvalidArgumentAndDetails_AndKeepsServing(string kind, string expectedReason)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = ByteString.CopyFrom(BadImage(kind)) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        var errorInfo = status.GetDetail<ErrorInfo>();
        Assert.Equal(("vision.v1", expectedReason), (errorInfo.Domain, errorInfo.Reason));
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("image", violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
        await AssertStillServing();
    }

    [Fact]
    public async Task AnalyzePhoto_RefusesAMessageOverTheSizeLimit_WithResourceExhausted_AndKeepsServing()
    {
        var oversized = new byte[25 * 1024 * 1024];

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = ByteString.CopyFrom(oversized) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("exceeds the maximum", error.Status.Detail);
        await AssertStillServing();
    }

    private async Task AssertStillServing()
    {
        var response = await Client.AnalyzePhotoAsync(new AnalyzePhotoRequest
        {
            Image = ByteString.CopyFrom(TestAssets.SampleBytes("images/zidane.jpg")),
            Resolution = DetectionResolution.Standard,
        });
        Assert.Equal(2, response.Objects.Count(o => o.ClassName == "person"));
    }

    private static byte[] BadImage(string kind)
    {
        var bus = TestAssets.SampleBytes("images/bus.jpg");
        return kind switch
        {
            "empty" => [],
            "truncated" => bus[..(bus.Length / 2)],
            "not an image" => File.ReadAllBytes(Path.Combine(TestAssets.RepositoryRoot, "Vision.slnx")),
            "30000x30000 header" => SyntheticImages.JpegClaiming(30_000, 30_000),
            "8x8" => SyntheticImages.Jpeg(8, 8),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static Vision.Domain.Geometry.BoundingBox ToBox(PixelBox box) => new(box.Left, box.Top, box.Right, box.Bottom);
}
