using Google.Protobuf.WellKnownTypes;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>Computed statistics → statistics contract message.</summary>
public static class StatisticsMapping
{
    public static Contract.StatisticsReport ToContract(ViolationStatistics statistics) => new()
    {
        From = Timestamp.FromDateTimeOffset(statistics.From),
        To = Timestamp.FromDateTimeOffset(statistics.To),
        TimeZone = statistics.TimeZoneId,
        Total = statistics.Total,
        ByKind = { statistics.ByKind.Select(c => new Contract.Count { Key = c.Key.ToString(), Count_ = c.Value }) },
        ByCamera = { statistics.ByCamera.Select(c => new Contract.Count { Key = c.Key, Count_ = c.Value }) },
        ByDay = { statistics.ByDay.Select(c => new Contract.Count { Key = c.Key, Count_ = c.Value }) },
        ByHour = { statistics.ByHour.Select((count, hour) => new Contract.Count { Key = hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Count_ = count }) },
        ByStatus = { statistics.ByStatus.Select(c => new Contract.Count { Key = c.Key.ToString(), Count_ = c.Value }) },
        HasConfirmationRate = statistics.ConfirmationRate.HasValue,
        ConfirmationRate = statistics.ConfirmationRate ?? 0,
        MedianReviewTurnaroundSeconds = statistics.MedianTurnaround?.TotalSeconds ?? 0,
        MeanReviewTurnaroundSeconds = statistics.MeanTurnaround?.TotalSeconds ?? 0,
        Delivery = new Contract.DeliveryBacklog
        {
            Waiting = statistics.Delivery.Waiting,
            Retrying = statistics.Delivery.Retrying,
            DeadLettered = statistics.Delivery.DeadLettered,
            Sent = statistics.Delivery.Sent,
        },
    };
}
