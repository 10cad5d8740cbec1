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
        ByKind = { statistics.ByKind.Select(c => new Contract.KeyCount { Key = c.Key.ToString(), Count = c.Value }) },
        ByCamera = { statistics.ByCamera.Select(c => new Contract.KeyCount { Key = c.Key, Count = c.Value }) },
        ByDay = { statistics.ByDay.Select(c => new Contract.KeyCount { Key = c.Key, Count = c.Value }) },
        ByHour = { statistics.ByHour.Select((count, hour) => new Contract.KeyCount { Key = hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Count = count }) },
        ByStatus = { statistics.ByStatus.Select(c => new Contract.KeyCount { Key = c.Key.ToString(), Count = c.Value }) },
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
        ZoneOccupancy =
        {
            statistics.ZoneOccupancy.Select(c => new Contract.ZoneOccupancyCell
            {
                CameraId = c.CameraId,
                ZoneName = c.ZoneName,
                DayOfWeek = c.DayOfWeek,
                Hour = c.Hour,
                ObservedSeconds = c.ObservedSeconds,
                MeanOccupiedShare = c.MeanOccupiedShare,
                MeanParkedVehicles = c.MeanParkedVehicles,
                PeakOccupiedShare = c.PeakOccupiedShare,
                PeakParkedVehicles = c.PeakParkedVehicles,
                Hours = c.Hours,
            }),
        },
    };
}
