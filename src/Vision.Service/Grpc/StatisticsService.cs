using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Vision.Service.Grpc.Errors;
using Vision.Service.Security;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>vision.v1.Statistics: the officials' figures as a message or as CSV bytes (same computation).</summary>
[Authorize(Roles = RpcRoles.StatisticsReaders)]
public sealed class StatisticsService(StatisticsQuery query) : Contract.Statistics.StatisticsBase
{
    /// <summary>
    /// 366 days, a leap year, as the web dashboard allows: the figures are grouped by hour before they are summed, so a
    /// range of ten years loaded millions of rows into the service. Longer periods are asked year by year.
    /// </summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public override async Task<Contract.StatisticsReport> GetStatistics(Contract.StatisticsRequest request, ServerCallContext context) =>
        StatisticsMapping.ToContract(await ComputeAsync(request, context.CancellationToken));

    public override async Task<Contract.StatisticsCsv> ExportStatisticsCsv(Contract.StatisticsRequest request, ServerCallContext context)
    {
        var statistics = await ComputeAsync(request, context.CancellationToken);
        return new Contract.StatisticsCsv
        {
            FileName = $"vision-statistics-{StatisticsCsv.DaysOf(statistics.From, statistics.To)}.csv",
            Content = ByteString.CopyFrom(StatisticsCsv.Encode(StatisticsCsv.Write(statistics))),
        };
    }

    private Task<ViolationStatistics> ComputeAsync(Contract.StatisticsRequest request, CancellationToken cancellationToken)
    {
        const string Reason = "STATISTICS_RANGE_INVALID";
        var start = TimestampField.Read(request.From, "from") ?? throw FieldError.Create("from", Reason, "from is required.");
        var end = TimestampField.Read(request.To, "to") ?? throw FieldError.Create("to", Reason, "to is required.");
        if (end <= start || end - start > MaxRange)
        {
            throw FieldError.Create("to", Reason,
                FormattableString.Invariant($"to must be after from and at most {MaxRange.TotalDays:F0} days later (got {(end - start).TotalDays:F1} days); ask for a longer period year by year."));
        }

        return query.ComputeAsync(start, end, cancellationToken);
    }
}
