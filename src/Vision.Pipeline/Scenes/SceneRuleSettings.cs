using Vision.Domain.Violations;


namespace Vision.Pipeline.Scenes;

/// <summary>How the rules judge this scene; the defaults suit a typical urban junction at 10-25 frames per second.</summary>
public sealed class SceneRuleSettings
{
    /// <summary>The rules that run here; null runs every rule the scene has geometry for.</summary>
    public IReadOnlyList<ViolationKind>? Enabled { get; init; }

    /// <summary>Crossing the stop line this soon after the light turned red is tolerated (the driver could not stop).</summary>
    public TimeSpan RedLightGrace { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Half-width of the band around a line, as a fraction of the image height, inside which a vehicle counts as on the line (jitter).</summary>
    public double LineHysteresis { get; init; } = 0.01;

    /// <summary>The narrowest band a scene may set: about 3–4 pixels either side at 720–1080 lines.</summary>
    public const double MinimumLineHysteresis = 0.004;

    /// <summary>The shortest stay on a sidewalk, in a lane, with a third rider or of an animal a scene may judge: three
    /// frames at 10 fps.</summary>
    public static readonly TimeSpan MinimumStayDuration = TimeSpan.FromSeconds(0.3);

    /// <summary>How far (fraction of the image height) a vehicle must move against its lane before it is wrong-way.</summary>
    public double WrongWayMinDistance { get; init; } = 0.12;

    /// <summary>A vehicle whose anchor stays within this radius (fraction of the image height) is stationary.</summary>
    public double StationaryRadius { get; init; } = 0.02;

    /// <summary>How long a vehicle must ride on the sidewalk before it is reported.</summary>
    public TimeSpan SidewalkMinDuration { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a vehicle must stay in a lane not allowed for its class before it is reported.</summary>
    public TimeSpan LaneMinDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long more than two people must be bound to one motorbike before it is reported.</summary>
    public TimeSpan OverloadMinDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an animal must be on the road before it is reported.</summary>
    public TimeSpan AnimalMinDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The window speed is measured over (displacement on the ground plane over this much time).</summary>
    public TimeSpan SpeedWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The least time a speed is measured over; a shorter <see cref="SpeedWindow"/> never measures one.</summary>
    public static readonly TimeSpan MinimumSpeedSpan = TimeSpan.FromSeconds(0.5);

    /// <summary>Measured speed may exceed the limit by this much before it is reported (measurement uncertainty).</summary>
    public double SpeedToleranceKmh { get; init; } = 5;

    /// <summary>
    /// Detector class names reported on the road as animals: livestock ("súc vật", "gia súc": a water buffalo is a
    /// COCO cow). A dog or cat is not: a stray or walked dog is an everyday sight and no traffic offence of its owner.
    /// </summary>
    public IReadOnlyList<string> AnimalClasses { get; init; } = ["cow", "horse", "sheep"];

    /// <summary>Street order: detector classes a stall or shop puts out on the sidewalk (goods), counted for sidewalk encroachment.</summary>
    public IReadOnlyList<string> GoodsClasses { get; init; } = ["umbrella", "dining table", "chair", "bench", "potted plant", "couch"];

    /// <summary>Street order: the share of a Sidewalk zone's area that stationary goods may cover before it counts as encroached.</summary>
    public double EncroachmentMinShare { get; init; } = 0.3;

    /// <summary>Street order: how long goods must cover more than <see cref="EncroachmentMinShare"/> before it is a case.</summary>
    public TimeSpan EncroachmentMinDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Street order: detector classes counted as parked vehicles of a sidewalk parking lot.</summary>
    public IReadOnlyList<string> ParkingLotClasses { get; init; } = ["motorcycle", "car"];

    /// <summary>Street order: how many stationary vehicles a Sidewalk or NoParking zone may hold; more than this is a parking lot.</summary>
    public int ParkingLotVehicleLimit { get; init; } = 4;

    /// <summary>Street order: how long more than <see cref="ParkingLotVehicleLimit"/> vehicles must stand there before it is a case.</summary>
    public TimeSpan ParkingLotMinDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Street order: the fewest animals on the road at once that make a LooseCattle case. Where LooseCattle runs it
    /// replaces the per-animal AnimalOnRoad rule (one case per herd: one owner, one visit), so by default a lone animal is a case too.
    /// </summary>
    public int HerdMinAnimals { get; init; } = 1;

    /// <summary>Street order: how long the road must be free of the herd before its episode ends.</summary>
    public TimeSpan HerdClearDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Street order: a cell of a zone counts as occupied once covered about this long (exponential memory, so a moving object never occupies it and a hidden one keeps it).</summary>
    public TimeSpan StationaryWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Street order: how long the occupancy must stay back under its limit before a sidewalk episode ends (short dips do not split it).</summary>
    public TimeSpan SlowCaseClearDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Street order: an episode still going after this long is reported, and a new one begins (an all-day stall is reported every hour).</summary>
    public TimeSpan SlowCaseMaxDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Street order: one frame of this spacing goes into a slow case's time-lapse.</summary>
    public TimeSpan TimeLapseInterval { get; init; } = TimeSpan.FromMinutes(1);
}
