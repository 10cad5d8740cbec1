using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates.Consensus;

/// <summary>
/// Decides a track's plate from its per-frame reads. Each read weighs confidence × crop quality × plate-format
/// validity (<see cref="PlateReadWeight"/>). Reads are grouped by exact text, and texts at most
/// <see cref="PlateConsensusOptions.MaxClusterEditDistance"/> apart (a confused-character substitution counting half an
/// edit, <see cref="ConfusableCharacters"/>) are linked into clusters (single linkage, so the clusters do not depend on
/// arrival order). The heaviest cluster wins; its text is voted character by character,
/// weighted, among its reads of the heaviest length, so reads that each got a different character wrong still add up
/// to the right plate. One instance per track; not thread-safe.
/// </summary>
public sealed class PlateConsensus
{
    // Texts up to this length are voted on the stack.
    private const int StackTextLimit = 128;

    private readonly PlateConsensusOptions _options;
    private readonly List<WeightedObservation> _observations = [];
    private PlateConsensusResult? _decision;
    private bool _isDecided = true;

    public PlateConsensus(PlateConsensusOptions? options = null)
    {
        _options = options ?? new PlateConsensusOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxObservations, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxClusterEditDistance, nameof(options));
    }

    /// <summary>The observations kept, at most <see cref="PlateConsensusOptions.MaxObservations"/>.</summary>
    public int Count => _observations.Count;

    /// <summary>The observations kept, in arrival order.</summary>
    public IReadOnlyList<PlateObservation> Observations => [.. _observations.Select(entry => entry.Observation)];

    /// <summary>The decision over the observations so far (null before any); the same as <see cref="Decide"/>.</summary>
    public PlateConsensusResult? Current => Decide();

    /// <summary>
    /// Adds a read. Empty reads carry nothing and are not kept. When <see cref="PlateConsensusOptions.MaxObservations"/>
    /// are already kept, the lightest one (the oldest among equals) makes room, unless the new read is lighter still.
    /// </summary>
    /// <returns>Whether the observation was kept.</returns>
    public bool Add(PlateObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Read.Characters.Length == 0)
        {
            return false;
        }

        var weight = PlateReadWeight.Of(observation, _options);
        if (_observations.Count >= _options.MaxObservations)
        {
            var lightest = IndexOfLightest();
            if (weight < _observations[lightest].Weight)
            {
                return false;
            }

            _observations.RemoveAt(lightest);
        }

        _observations.Add(new WeightedObservation(observation, weight, PlateReadWeight.CropQuality(observation, _options)));
        _isDecided = false;
        return true;
    }

    /// <summary>The decision over the observations so far, or null before any; computed once per change.</summary>
    public PlateConsensusResult? Decide()
    {
        if (!_isDecided)
        {
            _decision = Compute();
            _isDecided = true;
        }

        return _decision;
    }

    private int IndexOfLightest()
    {
        var lightest = 0;
        for (var i = 1; i < _observations.Count; i++)
        {
            if (_observations[i].Weight < _observations[lightest].Weight)
            {
                lightest = i;
            }
        }

        return lightest;
    }

    private PlateConsensusResult Compute()
    {
        // Sorted by text, then frame: groups are contiguous runs and every sum runs in the same order whatever the
        // arrival order, so equal inputs give bit-identical scores.
        var reads = _observations.ToArray();
        Array.Sort(reads, CompareByTextThenFrame);
        var groups = GroupByText(reads);
        var clusterOf = LinkClusters(groups);

        var totalWeight = 0.0;
        foreach (var group in groups)
        {
            totalWeight += group.Weight;
        }

        // With every weight zero (no confidence or no sharpness anywhere) reads count one each instead.
        var countReads = totalWeight <= 0;
        var clusters = SummariseClusters(groups, clusterOf, countReads);
        var winner = 0;
        for (var i = 1; i < clusters.Count; i++)
        {
            if (clusters[i].Weight > clusters[winner].Weight ||
                (clusters[i].Weight == clusters[winner].Weight && clusters[i].Reads > clusters[winner].Reads))
            {
                winner = i;
            }
        }

        var total = countReads ? reads.Length : totalWeight;
        var alternatives = new List<Vision.Domain.Plates.Consensus.PlateAlternative>(clusters.Count - 1);
        for (var i = 0; i < clusters.Count; i++)
        {
            if (i != winner)
            {
                var text = VoteText(groups, clusterOf, clusters[i].Root, countReads);
                alternatives.Add(new Vision.Domain.Plates.Consensus.PlateAlternative(text, clusters[i].Weight / total, clusters[i].Reads));
            }
        }

        alternatives.Sort(static (first, second) =>
            second.Score != first.Score ? second.Score.CompareTo(first.Score)
            : second.SupportingReads != first.SupportingReads ? second.SupportingReads.CompareTo(first.SupportingReads)
            : string.CompareOrdinal(first.Text, second.Text));

        var decided = clusters[winner];
        var decidedText = VoteText(groups, clusterOf, decided.Root, countReads);
        var exactGroup = -1;
        for (var i = decided.Root; i < groups.Count && exactGroup < 0; i++)
        {
            if (clusterOf[i] == decided.Root && groups[i].Text == decidedText)
            {
                exactGroup = i;
            }
        }

        var best = BestCrop(reads, groups, clusterOf, decided.Root, exactGroup);
        var score = decided.Weight / total;
        var (formattedText, isValidPlate) = exactGroup >= 0
            ? FormatOf(reads.AsSpan(groups[exactGroup].Start, groups[exactGroup].Count))
            : (null, false);

        return new PlateConsensusResult(
            decidedText,
            formattedText,
            isValidPlate,
            score,
            decided.Reads,
            best,
            alternatives,
            // Only a plate that fits a format settles: five agreeing reads of a partial plate (its lower line hidden) or of
            // a badge stopped the reading for good, and the plate was never read when it came closer.
            IsStable: isValidPlate && score >= _options.StableScore && decided.Reads >= _options.StableSupportingReads)
        {
            CharacterConfidences = CharacterConfidencesOf(decidedText, reads, groups, clusterOf, decided.Root, countReads),
        };
    }

    /// <summary>Per character of the decided text: the confidence-weighted support of the cluster's reads of its length.</summary>
    private static float[] CharacterConfidencesOf(
        string text, WeightedObservation[] reads, List<TextGroup> groups, int[] clusterOf, int root, bool countReads)
    {
        var supported = new double[text.Length];
        var total = 0.0;
        for (var i = root; i < groups.Count; i++)
        {
            if (clusterOf[i] != root || groups[i].Text.Length != text.Length)
            {
                continue;
            }

            foreach (var read in reads.AsSpan(groups[i].Start, groups[i].Count))
            {
                var weight = countReads ? 1 : read.Weight;
                var confidences = read.Observation.Read.CharacterConfidences;
                total += weight;
                for (var position = 0; position < text.Length; position++)
                {
                    if (groups[i].Text[position] == text[position])
                    {
                        supported[position] += weight * (confidences.Count == text.Length ? confidences[position] : read.Observation.Read.Confidence);
                    }
                }
            }
        }

        return [.. supported.Select(support => total > 0 ? (float)Math.Clamp(support / total, 0, 1) : 0f)];
    }

    private static int CompareByTextThenFrame(WeightedObservation first, WeightedObservation second)
    {
        var byText = string.CompareOrdinal(first.Observation.Read.Characters, second.Observation.Read.Characters);
        if (byText != 0)
        {
            return byText;
        }

        var byFrame = first.Observation.FrameSequence.CompareTo(second.Observation.FrameSequence);
        return byFrame != 0 ? byFrame : second.Weight.CompareTo(first.Weight);
    }

    private static List<TextGroup> GroupByText(WeightedObservation[] reads)
    {
        var groups = new List<TextGroup>();
        var start = 0;
        while (start < reads.Length)
        {
            var text = reads[start].Observation.Read.Characters;
            var end = start;
            var weight = 0.0;
            while (end < reads.Length && reads[end].Observation.Read.Characters == text)
            {
                weight += reads[end].Weight;
                end++;
            }

            groups.Add(new TextGroup(text, start, end - start, weight));
            start = end;
        }

        return groups;
    }

    /// <summary>The cluster of each group, named by its first (lowest-ordinal) group: single linkage by union-find.</summary>
    private int[] LinkClusters(List<TextGroup> groups)
    {
        var root = new int[groups.Count];
        for (var i = 0; i < root.Length; i++)
        {
            root[i] = i;
        }

        var maxDistance = _options.MaxClusterEditDistance;
        for (var i = 0; i < groups.Count; i++)
        {
            for (var j = i + 1; j < groups.Count; j++)
            {
                if (AreNeighbours(groups[i].Text, groups[j].Text, maxDistance))
                {
                    var rootOfI = FindRoot(root, i);
                    var rootOfJ = FindRoot(root, j);
                    root[Math.Max(rootOfI, rootOfJ)] = Math.Min(rootOfI, rootOfJ);
                }
            }
        }

        for (var i = 0; i < root.Length; i++)
        {
            root[i] = FindRoot(root, i);
        }

        return root;
    }

    // Confusions count half an edit: "75H14Z599" and "7SH142599" are two confusions apart, likely the same plate.
    // Each edit costs at least 0.5, so the cheap bounded plain distance rules out most pairs first.
    private static bool AreNeighbours(string first, string second, int maxDistance) =>
        Levenshtein.Distance(first, second, 2 * maxDistance) <= 2 * maxDistance &&
        ConfusableCharacters.Distance(first, second) <= maxDistance;

    private static int FindRoot(int[] root, int index)
    {
        while (root[index] != index)
        {
            index = root[index] = root[root[index]];
        }

        return index;
    }

    private static List<ClusterSummary> SummariseClusters(List<TextGroup> groups, int[] clusterOf, bool countReads)
    {
        var clusters = new List<ClusterSummary>();
        for (var root = 0; root < groups.Count; root++)
        {
            if (clusterOf[root] != root)
            {
                continue;
            }

            var weight = 0.0;
            var reads = 0;
            for (var i = root; i < groups.Count; i++)
            {
                if (clusterOf[i] == root)
                {
                    weight += countReads ? groups[i].Count : groups[i].Weight;
                    reads += groups[i].Count;
                }
            }

            clusters.Add(new ClusterSummary(root, weight, reads));
        }

        return clusters;
    }

    /// <summary>
    /// The cluster's text: the heaviest length (the longer on a tie: a dropped character is a likelier misread than an
    /// extra one), then at each position the heaviest character among the reads of that length (the lower on a tie).
    /// </summary>
    private static string VoteText(List<TextGroup> groups, int[] clusterOf, int root, bool countReads)
    {
        var length = 0;
        var lengthWeight = double.NegativeInfinity;
        var groupsOfLength = 0;
        string? onlyText = null;
        for (var i = root; i < groups.Count; i++)
        {
            if (clusterOf[i] != root)
            {
                continue;
            }

            var candidate = groups[i].Text.Length;
            var weight = 0.0;
            var count = 0;
            for (var j = root; j < groups.Count; j++)
            {
                if (clusterOf[j] == root && groups[j].Text.Length == candidate)
                {
                    weight += countReads ? groups[j].Count : groups[j].Weight;
                    count++;
                }
            }

            if (weight > lengthWeight || (weight == lengthWeight && candidate > length))
            {
                (length, lengthWeight, groupsOfLength, onlyText) = (candidate, weight, count, groups[i].Text);
            }
        }

        if (groupsOfLength == 1)
        {
            return onlyText!;
        }

        var text = length <= StackTextLimit ? stackalloc char[length] : new char[length];
        for (var position = 0; position < length; position++)
        {
            text[position] = VoteCharacter(groups, clusterOf, root, length, position, countReads);
        }

        return new string(text);
    }

    private static char VoteCharacter(List<TextGroup> groups, int[] clusterOf, int root, int length, int position, bool countReads)
    {
        var best = char.MaxValue;
        var bestWeight = double.NegativeInfinity;
        for (var i = root; i < groups.Count; i++)
        {
            if (clusterOf[i] != root || groups[i].Text.Length != length)
            {
                continue;
            }

            var character = groups[i].Text[position];
            var weight = 0.0;
            for (var j = root; j < groups.Count; j++)
            {
                if (clusterOf[j] == root && groups[j].Text.Length == length && groups[j].Text[position] == character)
                {
                    weight += countReads ? groups[j].Count : groups[j].Weight;
                }
            }

            if (weight > bestWeight || (weight == bestWeight && character < best))
            {
                (best, bestWeight) = (character, weight);
            }
        }

        return best;
    }

    /// <summary>
    /// The highest-quality observation that read exactly the decided text (group <paramref name="exactGroup"/>), or of
    /// the whole winning cluster when no read had exactly that text (-1); the sharper, then the earlier, on a tie.
    /// </summary>
    private static PlateObservation BestCrop(
        WeightedObservation[] reads, List<TextGroup> groups, int[] clusterOf, int root, int exactGroup)
    {
        WeightedObservation? best = null;
        for (var i = root; i < groups.Count; i++)
        {
            if (exactGroup >= 0 ? i != exactGroup : clusterOf[i] != root)
            {
                continue;
            }

            foreach (var candidate in reads.AsSpan(groups[i].Start, groups[i].Count))
            {
                if (best is not { } current || IsBetterCrop(candidate, current))
                {
                    best = candidate;
                }
            }
        }

        return best!.Value.Observation;
    }

    /// <summary>The grammar's text of the heaviest read that parsed, and whether any read fits a plate format.</summary>
    private static (string? FormattedText, bool IsValidPlate) FormatOf(ReadOnlySpan<WeightedObservation> sameText)
    {
        var isValidPlate = false;
        string? formattedText = null;
        var formattedWeight = double.NegativeInfinity;
        foreach (var read in sameText)
        {
            isValidPlate |= read.Observation.IsValidPlate;
            if (read.Observation.FormattedText is not null && read.Weight > formattedWeight)
            {
                (formattedText, formattedWeight) = (read.Observation.FormattedText, read.Weight);
            }
        }

        return (formattedText, isValidPlate);
    }

    private static bool IsBetterCrop(WeightedObservation candidate, WeightedObservation current) =>
        candidate.Quality != current.Quality ? candidate.Quality > current.Quality
        : candidate.Observation.Sharpness != current.Observation.Sharpness ? candidate.Observation.Sharpness > current.Observation.Sharpness
        : candidate.Observation.FrameSequence < current.Observation.FrameSequence;

    private readonly record struct WeightedObservation(PlateObservation Observation, double Weight, double Quality);

    /// <summary>The reads of one exact text: reads[Start..Start+Count] of the sorted reads.</summary>
    private readonly record struct TextGroup(string Text, int Start, int Count, double Weight);

    private readonly record struct ClusterSummary(int Root, double Weight, int Reads);
}
