using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// The configuration every node process of a cluster test starts with: the shared PostgreSQL store and evidence folder,
/// NATS, lease timings, and stream-fed cameras on the rendered junction's scene (written by
/// <c>RenderedJunctionService.WriteScenesAsync</c> into <c>{folder}/scenes</c>). Ownership is under test, not detection:
/// the faster 416 detector, no plate reading.
/// </summary>
internal static class ClusterNodeArguments
{
    public static List<string> For(string folder, string connectionString, string natsUrl, string nodeId, TimeSpan leaseTtl, TimeSpan heartbeat,
        TestTokenIssuer issuer, IReadOnlyList<string> cameraIds, string cameraName)
    {
        var arguments = new List<string>
        {
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Vision.Service.Cluster", "Information",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Rules:SceneDirectory", Path.Combine(folder, "scenes"),
            "--Vision:Storage:Provider", "Postgres",
            "--Vision:Storage:PostgresConnectionString", connectionString,
            "--Vision:Evidence:StoreDirectory", Path.Combine(folder, "evidence"),
            "--Vision:Evidence:SigningKeyPath", Path.Combine(folder, "keys", "evidence-signing.pem"),
            "--Vision:StreamDetector:ModelPath", "yolox_nano_coco_416.onnx",
            "--Vision:StreamDetector:Name", "yolox-nano-coco-416",
            "--Vision:Plates:Enabled", "false",
            "--Vision:Cluster:NatsUrl", natsUrl,
            "--Vision:Cluster:NodeId", nodeId,
            "--Vision:Cluster:LeaseTtl", leaseTtl.ToString(),
            "--Vision:Cluster:HeartbeatInterval", heartbeat.ToString(),
        };
        arguments.AddRange(issuer.ServiceArguments);
        for (var i = 0; i < cameraIds.Count; i++)
        {
            var key = $"--Vision:Cameras:{i + 1}:";
            arguments.AddRange([key + "Id", cameraIds[i], key + "Name", $"{cameraName} {i + 1} (rendered)", key + "Latitude", "16.4612",
                key + "Longitude", "107.5953", key + "ExpectedFramesPerSecond", "10", key + "SceneConfiguration", "rendered-junction"]);
        }

        return arguments;
    }
}
