using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Which buffered frames become key frames: those the rule named (when still buffered; an After frame by its time), plus a "before", "at" and
/// "after" frame chosen by <c>spacing</c> around the violation frame for any role the rule left out, so a package
/// always shows at least three moments when the buffer holds them. When the violation frame itself is not buffered
/// (dropped at ingest), the nearest frame within <c>spacing</c> of it stands in; farther than that there is no "at".
/// </summary>
public static class KeyFrameSelection
{
    public static IReadOnlyList<(KeyFrameRole Role, EncodedFrame Frame)> Select(
        ViolationCandidate candidate, IReadOnlyList<EncodedFrame> frames, TimeSpan spacing)
    {
        var chosen = new List<(KeyFrameRole Role, EncodedFrame Frame)>();
        foreach (var keyFrame in candidate.KeyFrames.OrderBy(k => k.Sequence))
        {
            // An After frame is the rule's expectation (its sequence counted at the camera's expected rate): taken by its
            // time, as a camera sending slower than configured put it seconds later, the vehicle gone.
            var frame = keyFrame.Role == KeyFrameRole.After
                ? frames.FirstOrDefault(f => f.CapturedAt >= keyFrame.CapturedAt)
                : frames.FirstOrDefault(f => f.Sequence == keyFrame.Sequence);
            if (frame is not null && chosen.All(c => c.Frame.Sequence != frame.Sequence))
            {
                chosen.Add((keyFrame.Role, frame));
            }
        }

        var at = frames.FirstOrDefault(f => f.Sequence == candidate.Sequence)
            ?? frames.Where(f => (f.CapturedAt - candidate.OccurredAt).Duration() <= spacing).MinBy(f => (f.CapturedAt - candidate.OccurredAt).Duration());
        if (at is null)
        {
            return chosen;
        }

        if (chosen.All(c => c.Role != KeyFrameRole.At))
        {
            Add(chosen, KeyFrameRole.At, at);
        }

        if (chosen.All(c => c.Role != KeyFrameRole.Before))
        {
            var before = frames.LastOrDefault(f => f.CapturedAt <= at.CapturedAt - spacing) ?? frames.FirstOrDefault(f => f.Sequence < at.Sequence);
            Add(chosen, KeyFrameRole.Before, before);
        }

        if (chosen.All(c => c.Role != KeyFrameRole.After))
        {
            var after = frames.FirstOrDefault(f => f.CapturedAt >= at.CapturedAt + spacing) ?? frames.LastOrDefault(f => f.Sequence > at.Sequence);
            Add(chosen, KeyFrameRole.After, after);
        }

        return [.. chosen.OrderBy(c => c.Frame.Sequence)];
    }

    private static void Add(List<(KeyFrameRole Role, EncodedFrame Frame)> chosen, KeyFrameRole role, EncodedFrame? frame)
    {
        if (frame is not null && chosen.All(c => c.Frame.Sequence != frame.Sequence))
        {
            chosen.Add((role, frame));
        }
    }
}
