using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Support;

/// <summary>Keeps every frame result a camera pipeline produced, in order; can be told to fail on one sequence.</summary>
public sealed class RecordingConsumer(long? failOnSequence = null, Func<long, Exception>? failure = null) : IFrameResultConsumer
{
    private readonly List<FrameResult> _results = [];

    public IReadOnlyList<FrameResult> Results
    {
        get
        {
            lock (_results)
            {
                return _results.ToList();
            }
        }
    }

    /// <summary>How often the camera told it it stopped.</summary>
    public int Completions { get; private set; }

    public void Complete() => Completions++;

    public void Consume(FrameResult result, FramePixels pixels)
    {
        if (result.Sequence == failOnSequence)
        {
            throw failure?.Invoke(result.Sequence) ?? new InvalidOperationException($"scripted failure on frame {result.Sequence}");
        }

        lock (_results)
        {
            _results.Add(result);
        }
    }
}
