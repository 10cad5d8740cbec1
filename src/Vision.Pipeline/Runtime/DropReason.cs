namespace Vision.Pipeline.Runtime;

/// <summary>Why an accepted frame was not processed. Only ingest drops frames.</summary>
public enum DropReason
{
    /// <summary>The camera's ingest queue was full: the oldest waiting frame made room for the newest.</summary>
    QueueFull,

    /// <summary>Still queued when the shutdown drain period ended.</summary>
    Shutdown,
}
