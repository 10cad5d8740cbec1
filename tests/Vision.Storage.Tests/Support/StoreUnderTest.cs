using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Geography;

namespace Vision.Storage.Tests.Support;

/// <summary>One migrated store (a fresh SQLite file or PostgreSQL database) with every component over it.</summary>
public sealed class StoreUnderTest
{
    public StoreUnderTest(SqlDialect dialect, FakeTimeProvider time, DeliveryTrigger trigger)
    {
        Time = time;
        Database = new ViolationDatabase(dialect, time, NullLogger<ViolationDatabase>.Instance);
        Signal = new AlertSignal();
        var positions = new CameraPositions(new Dictionary<string, GeoPosition> { ["hue-le-loi-1"] = new(16.4637, 107.5909) });
        Recorder = new ViolationRecorder(Database, positions, Signal, trigger, NullLogger<ViolationRecorder>.Instance);
        Review = new ReviewStore(Database, trigger, NullLogger<ReviewStore>.Instance);
        Alerts = new AlertLog(Database, Signal);
        Outbox = new DeliveryOutbox(Database);
        Statistics = new StatisticsQuery(Database, StatisticsQuery.VietnamTime());
        Photos = new ReportPhotoIndex(Database);
    }

    public FakeTimeProvider Time { get; }
    public ViolationDatabase Database { get; }
    public AlertSignal Signal { get; }
    public ViolationRecorder Recorder { get; }
    public ReviewStore Review { get; }
    public AlertLog Alerts { get; }
    public DeliveryOutbox Outbox { get; }
    public StatisticsQuery Statistics { get; }
    public ReportPhotoIndex Photos { get; }
}
