namespace Vision.Service.Hosting;

/// <summary>Top-level settings under <c>Vision</c>.</summary>
public sealed class VisionOptions
{
    /// <summary>Folder of the provisioned models; found automatically above the working directory when empty.</summary>
    public string? ModelDirectory { get; set; }

    public PhotoAnalysisOptions PhotoAnalysis { get; set; } = new();
}
