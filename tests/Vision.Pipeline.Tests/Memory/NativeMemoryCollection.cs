namespace Vision.Pipeline.Tests.Memory;

/// <summary>Tests that measure the whole process's peak memory run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryCollection
{
    public const string Name = "Native memory, alone";
}
