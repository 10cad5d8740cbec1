using System.Runtime.InteropServices;

namespace Vision.Evidence.Files;

/// <summary>
/// The evidence store holds plain files in plain folders only. A symbolic link could lead anywhere (/etc/passwd,
/// /proc) and a FIFO blocks whoever opens it, so every path is checked with <c>lstat</c> (which does not follow
/// links) before it is opened or walked into; .NET's own file information cannot tell a FIFO from an empty file.
/// </summary>
public static partial class PlainFiles
{
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFileType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLinkType = 0xA000;

    public static FileKind KindOf(string path)
    {
        if (OperatingSystem.IsLinux() && ModeOffset() is { } offset)
        {
            Span<byte> status = stackalloc byte[256];
            if (LStat(path, status) != 0)
            {
                return FileKind.Missing;
            }

            return (BitConverter.ToInt32(status[offset..]) & FileTypeMask) switch
            {
                RegularFileType => FileKind.RegularFile,
                DirectoryType => FileKind.Directory,
                SymbolicLinkType => FileKind.SymbolicLink,
                _ => FileKind.Special,
            };
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return FileKind.SymbolicLink;
        }

        return Directory.Exists(path) ? FileKind.Directory : info.Exists ? FileKind.RegularFile : FileKind.Missing;
    }

    /// <summary>
    /// The inode and the time of the entry's last status change (ctime, Linux): unlike the modification time, no one
    /// can set it back, so a file rewritten in place changes it whatever the modification time then claims. Null
    /// elsewhere, or when the entry is gone.
    /// </summary>
    public static string? ChangeStamp(string path)
    {
        if (!OperatingSystem.IsLinux() || ModeOffset() is null)
        {
            return null;
        }

        Span<byte> status = stackalloc byte[256];
        if (LStat(path, status) != 0)
        {
            return null;
        }

        // st_ino at 8 and st_ctim (seconds, nanoseconds) at 104, on x86-64 and arm64 alike.
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{BitConverter.ToUInt64(status[8..])}:{BitConverter.ToInt64(status[104..])}.{BitConverter.ToInt64(status[112..])}");
    }

    public static bool IsPlainFile(string path) => KindOf(path) == FileKind.RegularFile;

    public static bool IsPlainDirectory(string path) => KindOf(path) == FileKind.Directory;

    /// <summary>True when every folder from below <paramref name="root"/> down to <paramref name="path"/> is a plain folder and the path itself has the wanted kind.</summary>
    public static bool IsPlainPathBelow(string root, string path, FileKind wanted)
    {
        if (KindOf(path) != wanted)
        {
            return false;
        }

        for (var parent = Path.GetDirectoryName(path); parent is not null && parent.Length > root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (KindOf(parent) != FileKind.Directory)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when neither the path nor any folder from below <paramref name="root"/> down to it is a link or a special file (missing parts are allowed).</summary>
    public static bool HasNoLinkOrSpecialFile(string root, string path)
    {
        for (var step = path; step is not null && step.Length > root.Length; step = Path.GetDirectoryName(step))
        {
            if (KindOf(step) is FileKind.SymbolicLink or FileKind.Special)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every entry below a folder with its kind, '/'-separated and sorted; links and special files are listed but never entered.</summary>
    /// <param name="unlistable">Where given, receives each folder that could not be listed ("." for the root), sorted: what
    /// such a folder holds is missing from the walk.</param>
    public static IReadOnlyList<(string Name, FileKind Kind)> Walk(string root, List<string>? unlistable = null)
    {
        var found = new List<(string, FileKind)>();
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var folder))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false }).ToList();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                unlistable?.Add(Path.GetRelativePath(root, folder).Replace(Path.DirectorySeparatorChar, '/'));
                continue;
            }

            foreach (var entry in entries)
            {
                var kind = KindOf(entry);
                found.Add((Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/'), kind));
                if (kind == FileKind.Directory)
                {
                    pending.Push(entry);
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        unlistable?.Sort(StringComparer.Ordinal);
        return found;
    }

    // Where st_mode lies in struct stat: after st_dev, st_ino, st_nlink on x86-64; after st_dev, st_ino on arm64.
    private static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, Span<byte> status);
}
