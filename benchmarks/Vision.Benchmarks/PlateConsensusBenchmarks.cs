using BenchmarkDotNet.Attributes;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Benchmarks;

/// <summary>
/// <see cref="PlateConsensus"/> over one track's 30 noisy reads of 75H142599 (confusions, a cut-off character, garbage,
/// confidently wrong blurred crops), and <see cref="Watchlist.Match"/> of the decided text against 1,000 plates.
/// </summary>
[MemoryDiagnoser]
public class PlateConsensusBenchmarks
{
    private static readonly (string Text, int Reads, float Confidence, int Height, double Sharpness, bool Valid)[] Script =
    [
        ("75H14Z599", 8, 0.80f, 44, 300, false),
        ("75H142599", 6, 0.82f, 48, 200, true),
        ("7SH142599", 4, 0.80f, 44, 180, false),
        ("75HI42599", 3, 0.78f, 40, 160, false),
        ("75H142S99", 3, 0.78f, 40, 160, false),
        ("5H142599", 2, 0.75f, 36, 140, false),
        ("7H1", 1, 0.15f, 30, 80, false),
        ("A1XX9", 1, 0.10f, 30, 80, false),
        ("73H142588", 2, 0.99f, 12, 15, true),
    ];

    private PlateObservation[] _reads = [];
    private Watchlist _watchlist = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2025);
        var model = new ModelIdentity("scripted-reader", new string('0', 64));
        var start = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.FromHours(7));
        var crop = new byte[4096];
        var reads = Script.SelectMany(line => Enumerable.Repeat(line, line.Reads)).OrderBy(_ => random.Next()).ToArray();
        _reads = [.. reads.Select((line, frame) => new PlateObservation(
            new PlateRead(line.Text, [.. line.Text.Select(_ => line.Confidence - (float)(random.NextDouble() * 0.04))], model),
            line.Valid ? line.Text : null,
            line.Valid,
            frame,
            start.AddMilliseconds(40 * frame),
            line.Height * 4 / 3,
            line.Height,
            line.Sharpness * (0.8 + 0.4 * random.NextDouble()),
            crop))];

        _watchlist = new Watchlist(Enumerable.Range(0, 1000).Select(i => new WatchlistEntry(
            $"{43 + i % 50}{(char)('A' + i % 20)}{i % 10}{100000 - i * 37:D5}", "stolen", null)).Append(new WatchlistEntry("75H142599", "wanted", null)));
    }

    /// <summary>A fresh consensus fed the track's 30 reads, deciding once at the end.</summary>
    [Benchmark(Description = "Add 30 reads, decide once")]
    public string? AddThenDecide()
    {
        var consensus = new PlateConsensus();
        foreach (var read in _reads)
        {
            consensus.Add(read);
        }

        return consensus.Decide()?.Text;
    }

    /// <summary>Deciding after every read, as a pipeline watching for a stable decision would.</summary>
    [Benchmark(Description = "Add 30 reads, decide after each")]
    public int DecideAfterEachRead()
    {
        var consensus = new PlateConsensus();
        var stable = 0;
        foreach (var read in _reads)
        {
            consensus.Add(read);
            stable += consensus.Decide()!.IsStable ? 1 : 0;
        }

        return stable;
    }

    /// <summary>One read against 1,001 watchlist plates, with a confused character (one hit).</summary>
    [Benchmark(Description = "Watchlist match, 1,001 plates")]
    public int WatchlistMatch() => _watchlist.Match("75H14Z599", 0.8f).Count;
}
