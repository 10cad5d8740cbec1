namespace Vision.Service.Delivery;

/// <summary>The report system a confirmed violation is sent to. Sending the same report twice must be harmless (idempotency key = violation id).</summary>
public interface IReportBackend
{
    Task<ReportSendResult> SendAsync(ViolationReport report, CancellationToken cancellationToken);
}
