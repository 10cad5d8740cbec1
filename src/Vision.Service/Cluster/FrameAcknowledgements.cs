using NATS.Client.JetStream;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Cluster;

/// <summary>
/// The frames an owning node took from the frame stream, in stream order, until they are done (processed, failed,
/// or refused by the pipeline). The consumer acknowledges cumulatively, so only the newest frame of the finished
/// prefix is acknowledged: a frame is never acknowledged while an earlier one is still in the pipeline, and what a
/// dead owner left unacknowledged is delivered again to the next. An acknowledgement that did not reach NATS is kept
/// and sent again (a newer one covers it), so the last frames of a camera never stay unacknowledged.
/// </summary>
public sealed class FrameAcknowledgements
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _entries = new();
    private INatsJSMsg<byte[]>? _failed;
    private long _finishedUpTo = long.MinValue;

    /// <summary>Whether an acknowledgement failed and waits to be sent again.</summary>
    public bool HasFailedAcknowledgement
    {
        get
        {
            lock (_gate)
            {
                return _failed is not null;
            }
        }
    }

    /// <summary>A frame about to be handed to the pipeline (<paramref name="sequence"/>), or one it will never see (null: done at once).</summary>
    public object Add(INatsJSMsg<byte[]> message, long? sequence)
    {
        var entry = new Entry(message, sequence ?? long.MinValue) { Done = sequence is null };
        lock (_gate)
        {
            _entries.AddLast(entry);
        }

        return entry;
    }

    /// <summary>
    /// The pipeline refused this one frame (the frames around it are not done). A frame it had already taken (delivered
    /// again after the consumer was made afresh) is done once the pipeline finished it, not before: acknowledged earlier,
    /// it would be lost with this node. Any other refusal (out of order, corrupt) is done now.
    /// </summary>
    public void Refused(object entry, bool alreadyTaken)
    {
        lock (_gate)
        {
            var refused = (Entry)entry;
            refused.Done = !alreadyTaken || refused.Sequence <= _finishedUpTo;
        }
    }

    /// <summary>
    /// The camera's consumer is about to be made afresh: nothing its previous incarnation delivered is acknowledged any
    /// more. The new consumer has the same name, so an acknowledgement of an old delivery would reach it with the old
    /// consumer's positions and could make it ignore its own; the frames come again from the new consumer instead.
    /// </summary>
    public void ForgetDeliveries()
    {
        lock (_gate)
        {
            _entries.Clear();
            _failed = null;
        }
    }

    /// <summary>
    /// The pipeline's word on a frame: processed or failed, or dropped to shed load, it is finished. A frame dropped because
    /// this node stopped taking frames (a handover, a shutdown: it never reached the queue, or was still queued when the
    /// drain ended) is not: acknowledged, with every frame before it, the next owner would start after it.
    /// </summary>
    public void Ended(CameraEvent ended)
    {
        if (ended is FrameCompletedEvent or FrameDroppedEvent { Reason: not DropReason.Shutdown })
        {
            Finished(ended.Sequence);
        }
    }

    /// <summary>The pipeline finished the frame with this sequence, so every frame it took before it is finished too.</summary>
    private void Finished(long sequence)
    {
        lock (_gate)
        {
            _finishedUpTo = Math.Max(_finishedUpTo, sequence);
            foreach (var entry in _entries)
            {
                if (entry.Sequence <= sequence)
                {
                    entry.Done = true;
                }
            }
        }
    }

    /// <summary>
    /// The message to acknowledge (the last of the finished prefix, taken off the list; else an acknowledgement that
    /// failed earlier), or null when there is nothing to acknowledge.
    /// </summary>
    public INatsJSMsg<byte[]>? TakeAcknowledgeable()
    {
        lock (_gate)
        {
            var last = _failed;
            _failed = null;
            while (_entries.First is { Value.Done: true } first)
            {
                last = first.Value.Message;
                _entries.RemoveFirst();
            }

            return last;
        }
    }

    /// <summary>The acknowledgement of this message did not reach NATS: <see cref="TakeAcknowledgeable"/> gives it again until a newer one is taken.</summary>
    public void AcknowledgementFailed(INatsJSMsg<byte[]> message)
    {
        lock (_gate)
        {
            if (_failed is null || StreamSequence(message) > StreamSequence(_failed))
            {
                _failed = message;
            }
        }
    }

    private static ulong StreamSequence(INatsJSMsg<byte[]> message) => message.Metadata?.Sequence.Stream ?? 0;

    private sealed class Entry(INatsJSMsg<byte[]> message, long sequence)
    {
        public INatsJSMsg<byte[]> Message { get; } = message;
        public long Sequence { get; } = sequence;
        public bool Done { get; set; }
    }
}
