namespace Vision.Service.Tests.Cluster;

/// <summary>A camera gateway feeding the cluster test's nodes, by gRPC to any node or straight to NATS.</summary>
internal interface IClusterGateway
{
    string CameraId { get; }

    /// <summary>The highest sequence the cluster acknowledged as stored so far.</summary>
    long Acknowledged { get; }

    /// <summary>How often the gateway had to reconnect or send again.</summary>
    int Reconnections { get; }

    /// <summary>What the gateway is doing now and since when (for the diagnosis of a run that did not finish).</summary>
    string State { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
