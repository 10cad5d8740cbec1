namespace Vision.Domain.Violations;

public enum KeyFrameRole
{
    Before,
    At,
    After,

    /// <summary>Slow cases: the first frame of the episode.</summary>
    First,

    /// <summary>Slow cases: one frame a minute over the episode (the time-lapse).</summary>
    TimeLapse,
}
