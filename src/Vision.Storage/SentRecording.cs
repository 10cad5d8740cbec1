namespace Vision.Storage;

/// <summary>What recording a report the backend took did to its delivery.</summary>
public enum SentRecording
{
    /// <summary>The waiting (or, its lease having run out meanwhile, dead-lettered) delivery is now sent.</summary>
    Sent,

    /// <summary>
    /// The delivery had been cancelled (the violation rejected in review) while the report was on its way: it is recorded
    /// as sent all the same, with a note, since the backend holds it and must be told to withdraw it.
    /// </summary>
    SentAfterCancellation,

    /// <summary>Already sent (another dispatcher took it over and sent it too), or gone.</summary>
    NotWaiting,
}
