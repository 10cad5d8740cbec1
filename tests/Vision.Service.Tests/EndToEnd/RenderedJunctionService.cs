using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;


namespace Vision.Service.Tests.EndToEnd;

/// <summary>
/// The service set-up the end-to-end tests share: the rendered junction's scene beside the legal table, one gateway
/// camera that uses it, the store, evidence and signing key in one folder, and quick delivery to an Open311 backend.
/// </summary>
internal static class RenderedJunctionService
{
    public static async Task WriteScenesAsync(string folder)
    {
        var scenes = Directory.CreateDirectory(Path.Combine(folder, "scenes")).FullName;
        File.Copy(Path.Combine(TestAssets.RepositoryRoot, "scenes", "legal-decree-168.json"), Path.Combine(scenes, "legal-decree-168.json"));
        await File.WriteAllTextAsync(Path.Combine(scenes, "rendered-junction.json"), StreetClip.SceneJson);
    }

    public static string[] Arguments(string folder, string cameraId, Uri open311BaseUrl) =>
    [
        "--Vision:ModelDirectory", TestAssets.ModelDirectory,
        "--Logging:LogLevel:Default", "Warning",
        "--Vision:Metrics:PrometheusPort", "0",
        "--Vision:Cameras:0:Enabled", "false",
        "--Vision:Cameras:1:Id", cameraId,
        "--Vision:Cameras:1:Name", "Ngã ba Đống Đa (rendered)",
        "--Vision:Cameras:1:Latitude", "16.4612",
        "--Vision:Cameras:1:Longitude", "107.5953",
        "--Vision:Cameras:1:ExpectedFramesPerSecond", "10",
        "--Vision:Cameras:1:SceneConfiguration", "rendered-junction",
        "--Vision:Rules:SceneDirectory", Path.Combine(folder, "scenes"),
        "--Vision:Storage:SqlitePath", Path.Combine(folder, "vision.db"),
        "--Vision:Evidence:StoreDirectory", Path.Combine(folder, "evidence"),
        "--Vision:Evidence:SigningKeyPath", Path.Combine(folder, "keys", "evidence-signing.pem"),
        "--Vision:Delivery:Target", "Open311",
        "--Vision:Delivery:Open311BaseUrl", open311BaseUrl.ToString(),
        "--Vision:Delivery:PublicEvidenceBaseUrl", "https://evidence.hue.gov.vn/packages",
        "--Vision:Delivery:RequestTimeout", "00:00:00.400",
        "--Vision:Delivery:InitialBackoff", "00:00:00.050",
        "--Vision:Delivery:MaxBackoff", "00:00:00.400",
        "--Vision:Delivery:PollInterval", "00:00:00.050",
        "--Vision:Delivery:MaxAttempts", "40",
    ];
}
