namespace Vision.Evidence.Files;

/// <summary>What a path is, as the file system says without following links.</summary>
public enum FileKind
{
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: opening one can block forever or read without end.</summary>
    Special,
}
