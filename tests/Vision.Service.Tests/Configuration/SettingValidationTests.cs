using Microsoft.Extensions.Options;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Configuration;

/// <summary>A malformed setting of the tracker, the camera supervisor, a camera, the plate reading, a model's inference override, the metrics exporter or the gRPC limits stops start-up with a message naming its key.</summary>
public sealed class SettingValidationTests
{
    [Theory]
    [InlineData("Vision:Tracker:HighConfidence", "1.5", "Vision:Tracker:HighConfidence: The field HighConfidence must be between 0 and 1.")]
    [InlineData("Vision:Tracker:LowConfidence", "0.8", "Vision:Tracker:LowConfidence: LowConfidence (0.8) must not exceed HighConfidence (0.5).")]
    [InlineData("Vision:Tracker:HitsToConfirm", "0", "Vision:Tracker:HitsToConfirm")]
    [InlineData("Vision:Supervisor:MaxBackoff", "00:00:00.500", "Vision:Supervisor:MaxBackoff: MaxBackoff (00:00:00.5000000) must not be shorter than InitialBackoff (00:00:01).")]
    [InlineData("Vision:Supervisor:DrainTimeout", "02:00:00", "Vision:Supervisor:DrainTimeout")]
    [InlineData("Vision:Plates:PlateDetector:InputSize", "8", "Vision:Plates:PlateDetector:InputSize")]
    [InlineData("Vision:Plates:WatchlistMaxEditDistance", "9", "Vision:Plates:WatchlistMaxEditDistance")]
    [InlineData("Vision:NativeHeap:MmapThresholdBytes", "64000000", "Vision:NativeHeap:MmapThresholdBytes")]
    [InlineData("Vision:NativeHeap:MaxArenas", "5000", "Vision:NativeHeap:MaxArenas")]
    [InlineData("Vision:Plates:Watchlist:0:PlateCharacters", "--", "Vision:Plates:Watchlist:0:PlateCharacters: entry 0 ('--') has no plate characters")]
    // A camera entry the binder cannot read was left out of the list without a word: the camera never ran.
    [InlineData("Vision:Cameras:0:Enabled", "yes", "Vision:Cameras:0: Failed to convert configuration value 'yes' at 'Vision:Cameras:0:Enabled'")]
    [InlineData("Vision:Cameras:0:Latitude", "16,4637", "Vision:Cameras:0: Failed to convert configuration value '16,4637' at 'Vision:Cameras:0:Latitude'")]
    [InlineData("Vision:Plates:Watchlist:1:PlateCharacters", "75A 99999",
        "Vision:Plates:Watchlist:1:PlateCharacters: entry 1 ('75A 99999') names the plate of entry 0 ('75A-999.99')")]
    [InlineData("Vision:Plates:Watchlist:0:Reason", " ", "Vision:Plates:Watchlist:0:Reason: entry 0 ('') gives no reason")]
    [InlineData("Vision:Plates:Watchlist:0:PlateCharacters", "29É 234.56", "Vision:Plates:Watchlist:0:PlateCharacters: entry 0 ('29É 234.56') holds 'É', which no plate has")]
    [InlineData("Vision:Plates:Inference:IntraOpThreads", "-1", "Vision:Plates:Inference:IntraOpThreads: The field IntraOpThreads must be between 0 and 1024.")]
    [InlineData("Vision:Plates:Inference:DeviceId", "65", "Vision:Plates:Inference:DeviceId")]
    [InlineData("Vision:StreamDetector:Inference:IntraOpThreads", "-2", "Vision:StreamDetector:Inference:IntraOpThreads")]
    [InlineData("Vision:Privacy:Faces:Inference:DeviceId", "-1", "Vision:Privacy:Faces:Inference:DeviceId")]
    [InlineData("Vision:Cameras:0:MaxFrameBytes", "10", "Vision:Cameras:0:MaxFrameBytes")]
    [InlineData("Vision:Cameras:0:Source:JpegQuality", "9", "Vision:Cameras:0:Source:JpegQuality: The field JpegQuality must be between 30 and 100.")]
    [InlineData("Vision:Metrics:PrometheusPort", "70000", "Vision:Metrics:PrometheusPort: The field PrometheusPort must be between 0 and 65535.")]
    [InlineData("Vision:Metrics:PrometheusHost", "", "Vision:Metrics:PrometheusHost")]
    [InlineData("Vision:Grpc:MaxReceiveMessageBytes", "0", "Vision:Grpc:MaxReceiveMessageBytes: MaxReceiveMessageBytes must be at least 65536")]
    [InlineData("Vision:StreamDetector:StrideAlignment", "48", "Vision:StreamDetector:StrideAlignment: must be a multiple of 32")]
    [InlineData("Vision:StreamDetector:Tiles:Columns", "2", "Vision:StreamDetector:Tiles: are not used when Batching is enabled")]
    [InlineData("Vision:HighResolutionDetector:ClassNames:0", "human",
        "Vision:HighResolutionDetector:ClassNames: the high-resolution detector's 80 classes differ from Vision:Detector's 80")]
    [InlineData("Vision:Triage:ImageLimits:MaxEncodedBytes", "30000000",
        "Vision:Triage:ImageLimits:MaxEncodedBytes (30000000) leaves no room in a gRPC message of Vision:Grpc:MaxReceiveMessageBytes (25165824)")]
    [InlineData("Vision:ImageLimits:MaxEncodedBytes", "25165000",
        "Vision:ImageLimits:MaxEncodedBytes (25165000) leaves no room in a gRPC message of Vision:Grpc:MaxReceiveMessageBytes (25165824)")]
    public async Task MalformedSetting_StopsStartUp_NamingItsKey(string key, string value, string expectedMessage)
    {
        string[] settings = key switch
        {
            // A watchlist entry needs its reason; its note may be left out.
            _ when key.StartsWith("Vision:Plates:Watchlist:0:PlateCharacters", StringComparison.Ordinal) => [$"--{key}", value, "--Vision:Plates:Watchlist:0:Reason", "stolen"],
            // Two lists merged by hand: the second names the first's plate.
            _ when key.StartsWith("Vision:Plates:Watchlist:1:PlateCharacters", StringComparison.Ordinal) =>
                ["--Vision:Plates:Watchlist:0:PlateCharacters", "75A-999.99", "--Vision:Plates:Watchlist:0:Reason", "stolen", $"--{key}", value, "--Vision:Plates:Watchlist:1:Reason", "wanted"],
            _ when key.EndsWith(":Tiles:Columns", StringComparison.Ordinal) => [$"--{key}", value, "--Vision:StreamDetector:Batching:Enabled", "true"],
            // COCO's 80 names with the first renamed: the model's class count is right, the lists differ.
            _ when key.EndsWith(":ClassNames:0", StringComparison.Ordinal) =>
                [.. Vision.Pipeline.ObjectDetection.ObjectClasses.Coco.Names.Select((name, i) => (Key: $"--Vision:HighResolutionDetector:ClassNames:{i}", Name: i == 0 ? value : name))
                    .SelectMany(setting => new[] { setting.Key, setting.Name })],
            _ => [$"--{key}", value],
        };
        // Models and camera pipelines are built with the host, so a setting may be refused there or when it starts.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = VisionApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Vision:ModelDirectory", TestAssets.ModelDirectory,
                "--Logging:LogLevel:Default", "None",
                "--Vision:Metrics:PrometheusPort", "0",
                "--Vision:Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "vision-never-created-" + Guid.NewGuid().ToString("N"), "vision.db"),
                .. settings,
            ]);
            await app.StartAsync();
        });

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatewayCamerasFrameLimit_MustFitInAGrpcMessage_ACameraWithItsOwnSourceNeedNot()
    {
        string[] BigFrames(string camera, bool gateway) =>
        [
            "--urls", "http://127.0.0.1:0", "--Vision:ModelDirectory", TestAssets.ModelDirectory, "--Logging:LogLevel:Default", "None",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:1:Id", camera, "--Vision:Cameras:1:Name", camera, "--Vision:Cameras:1:MaxFrameBytes", "33554432",
            .. gateway ? Array.Empty<string>() : ["--Vision:Cameras:1:Source:Uri", "samples/none.mp4"],
        ];

        var refused = Assert.Throws<OptionsValidationException>(() => VisionApp.Build(BigFrames("gw-big-frames", gateway: true)));
        await using var sourceApp = VisionApp.Build(BigFrames("rtsp-big-frames", gateway: false));

        Assert.Contains("Vision:Cameras:1:MaxFrameBytes (33554432) leaves no room in a gRPC message of Vision:Grpc:MaxReceiveMessageBytes (25165824)",
            refused.Message, StringComparison.Ordinal);
        Assert.NotNull(sourceApp.Services.GetRequiredService<Vision.Pipeline.Cameras.CameraRegistry>().Find("rtsp-big-frames"));
    }

    [Fact]
    public async Task ConfiguredWatchlist_IsLoaded()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "None",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Plates:Watchlist:0:PlateCharacters", "43A-123.45",
            "--Vision:Plates:Watchlist:0:Reason", "stolen",
            "--Vision:Plates:Watchlist:0:Note", "báo mất ngày 20/11",
            // No note: such an entry was skipped by the binder without a word.
            "--Vision:Plates:Watchlist:1:PlateCharacters", "75-H1 425.99",
            "--Vision:Plates:Watchlist:1:Reason", "wanted",
        ]);

        var watchlist = app.Services.GetRequiredService<Watchlist>();

        Assert.Equal("43A-123.45", Assert.Single(watchlist.Match("43A12345", 0.9f)).Entry.PlateCharacters);
        Assert.Equal(new WatchlistEntry("75-H1 425.99", "wanted"), Assert.Single(watchlist.Match("75H142599", 0.9f)).Entry);
        // The shipped settings list no plate: an example entry there (a plausible Huế plate) alerted every deployment, and
        // an override cannot remove an array's element.
        Assert.Empty(watchlist.Match("75A99999", 0.9f));
    }
}
