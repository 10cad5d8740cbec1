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
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(3660);

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
        var from = TimestampField.Read(request.From, "from");
        var to = TimestampField.Read(request.To, "to");
        if (from is not { } start || to is not { } end || end <= start || end - start > MaxRange)
        {
            throw StreamErrors.Create(Code.InvalidArgument, "STATISTICS_RANGE_INVALID", "from and to are required, with from < to and at most ten years apart.");
        }

        return query.ComputeAsync(start, end, cancellationToken);
    }
}
