using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Hosting;

/// <summary>The Prometheus exporter (configuration <c>Vision:Metrics</c>): its own HTTP/1.1 listener, off with port 0.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Vision:Metrics";

    /// <summary>The interface the listener binds (loopback by default: metrics name cameras and plates read).</summary>
    [Required(AllowEmptyStrings = false)]
    public string PrometheusHost { get; set; } = "127.0.0.1";

    /// <summary>The listener's port; 0 exports nothing.</summary>
    [Range(0, 65535)]
    public int PrometheusPort { get; set; }
}
