using System.Buffers.Binary;
using System.IO.Compression;
using OpenCvSharp;
using Vision.Pipeline.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// A seeded generator of hostile photos: bit flips, overwritten bytes, truncations (with and without an end marker
/// put back), rewritten header fields, rewritten chunk and segment lengths, inserted and appended data, and
/// decompression bombs, over the real sample photos in four formats. The same seed gives the same corpus.
/// </summary>
public sealed class PhotoMutator
{
    private readonly Random _random;
    private readonly List<(string Name, byte[] Bytes)> _originals;
    private readonly List<(string Name, byte[] Bytes)> _bombs;

    public PhotoMutator(int seed)
    {
        _random = new Random(seed);
        var photos = Directory.GetFiles(Path.Combine(TestAssets.SamplesDirectory, "images"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        var originals = photos.Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToList();
        using (var zidane = TestAssets.SampleImage("images/zidane.jpg"))
        using (var small = zidane.Resize(new Size(320, 180)))
        {
            foreach (var extension in new[] { ".png", ".bmp", ".webp" })
            {
                Cv2.ImEncode(extension, small, out var encoded);
                originals.Add(("zidane-320" + extension, encoded));
            }

            Cv2.ImEncode(".jpg", small, out var progressive, new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1),
                new ImageEncodingParam(ImwriteFlags.JpegRstInterval, 3));
            originals.Add(("zidane-320-progressive-restarts.jpg", progressive));
        }

        _originals = originals;
        _bombs = Bombs(originals.Single(o => o.Item1 == "zidane-320.png").Item2);
    }

    public (string Description, byte[] Bytes) Next()
    {
        var kind = _random.Next(100);
        if (kind < 3)
        {
            var bomb = _bombs[_random.Next(_bombs.Count)];
            return ($"bomb {bomb.Name}", bomb.Bytes);
        }

        var (name, original) = _originals[_random.Next(_originals.Count)];
        var bytes = (byte[])original.Clone();
        var (what, mutated) = kind switch
        {
            < 25 => FlipBits(bytes),
            < 40 => OverwriteBytes(bytes),
            < 55 => Truncate(bytes, name),
            < 70 => RewriteHeaderField(bytes, name),
            < 85 => RewriteLength(bytes, name),
            < 93 => Insert(bytes),
            _ => Append(bytes),
        };
        return ($"{name}: {what}", mutated);
    }

    private (string, byte[]) FlipBits(byte[] bytes)
    {
        var flips = 1 + _random.Next(16);
        for (var i = 0; i < flips; i++)
        {
            // Mostly in the headers, where parsers are most fragile.
            var position = _random.Next(2) == 0 ? _random.Next(Math.Min(bytes.Length, 1024)) : _random.Next(bytes.Length);
            bytes[position] ^= (byte)(1 << _random.Next(8));
        }

        return ($"{flips} bit flips", bytes);
    }

    private (string, byte[]) OverwriteBytes(byte[] bytes)
    {
        var position = _random.Next(bytes.Length);
        var count = Math.Min(1 + _random.Next(8), bytes.Length - position);
        var value = _random.Next(4) switch { 0 => (byte)0x00, 1 => (byte)0xFF, _ => (byte)_random.Next(256) };
        bytes.AsSpan(position, count).Fill(value);
        return ($"{count} bytes at {position} set to {value:X2}", bytes);
    }

    private (string, byte[]) Truncate(byte[] bytes, string name)
    {
        var length = _random.Next(1, bytes.Length);
        var cut = bytes[..length];
        if (_random.Next(2) == 0)
        {
            return ($"cut at {length}", cut);
        }

        byte[] end = name.EndsWith(".png", StringComparison.Ordinal) ? [0, 0, 0, 0, .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82] : [0xFF, 0xD9];
        return ($"cut at {length}, end marker appended", [.. cut, .. end]);
    }

    private (string, byte[]) RewriteHeaderField(byte[] bytes, string name)
    {
        int value = _random.Next(4) switch { 0 => 0, 1 => int.MaxValue, 2 => 0xFFFF, _ => _random.Next(1, 70_000) };
        if (name.EndsWith(".png", StringComparison.Ordinal))
        {
            var field = 16 + 4 * _random.Next(2);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(field), value);
            return ($"IHDR field at {field} = {value}", bytes);
        }

        if (name.EndsWith(".bmp", StringComparison.Ordinal))
        {
            var field = new[] { 2, 10, 14, 18, 22, 28, 30, 34 }[_random.Next(8)];
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(field), _random.Next(2) == 0 ? value : -value);
            return ($"BMP field at {field} = {value}", bytes);
        }

        if (name.EndsWith(".webp", StringComparison.Ordinal))
        {
            var field = 4 + 4 * _random.Next(6);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(field), value);
            return ($"WebP field at {field} = {value}", bytes);
        }

        var frame = FindMarker(bytes, 0xC0, 0xC2);
        if (frame < 0)
        {
            return FlipBits(bytes);
        }

        var offset = frame + 4 + _random.Next(6);
        bytes[offset] = (byte)value;
        if (_random.Next(2) == 0)
        {
            bytes[offset + 1] = (byte)(value >> 8);
        }

        return ($"SOF byte {offset} = {(byte)value}", bytes);
    }

    private (string, byte[]) RewriteLength(byte[] bytes, string name)
    {
        var segments = name.EndsWith(".png", StringComparison.Ordinal) ? PngChunks(bytes) : name.EndsWith(".jpg", StringComparison.Ordinal) ? JpegSegments(bytes) : [];
        if (segments.Count == 0)
        {
            return OverwriteBytes(bytes);
        }

        var at = segments[_random.Next(segments.Count)];
        if (name.EndsWith(".png", StringComparison.Ordinal))
        {
            var length = _random.Next(3) switch { 0 => 0x7FFFFFFF, 1 => 0, _ => _random.Next(1 << 24) };
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), length);
            return ($"chunk length at {at} = {length}", bytes);
        }

        var segmentLength = _random.Next(3) switch { 0 => 0, 1 => 2, _ => _random.Next(65536) };
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)segmentLength);
        return ($"segment length at {at} = {segmentLength}", bytes);
    }

    private (string, byte[]) Insert(byte[] bytes)
    {
        var position = _random.Next(bytes.Length);
        var inserted = new byte[1 + _random.Next(4096)];
        _random.NextBytes(inserted);
        return ($"{inserted.Length} random bytes inserted at {position}", [.. bytes[..position], .. inserted, .. bytes[position..]]);
    }

    private (string, byte[]) Append(byte[] bytes)
    {
        var trailer = new byte[_random.Next(2) == 0 ? 1 + _random.Next(1024) : 1 + _random.Next(2_000_000)];
        _random.NextBytes(trailer);
        return ($"{trailer.Length} bytes appended", [.. bytes, .. trailer]);
    }

    private static int FindMarker(byte[] bytes, params byte[] markers)
    {
        foreach (var position in JpegSegments(bytes))
        {
            if (markers.Contains(bytes[position + 1]))
            {
                return position;
            }
        }

        return -1;
    }

    private static List<int> JpegSegments(byte[] bytes)
    {
        var found = new List<int>();
        var position = 2;
        while (position + 4 <= bytes.Length && bytes[position] == 0xFF && bytes[position + 1] is not (0xDA or 0xD9))
        {
            found.Add(position);
            position += 2 + ((bytes[position + 2] << 8) | bytes[position + 3]);
        }

        if (position + 4 <= bytes.Length && bytes[position + 1] == 0xDA)
        {
            found.Add(position);
        }

        return found;
    }

    private static List<int> PngChunks(byte[] bytes)
    {
        var found = new List<int>();
        var position = 8;
        while (position + 12 <= bytes.Length)
        {
            found.Add(position);
            position += 12 + (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position)), int.MaxValue - 12);
        }

        return found;
    }

    private static List<(string Name, byte[] Bytes)> Bombs(byte[] png)
    {
        using var blank = new Mat(7071, 7071, MatType.CV_8UC1, Scalar.All(0));
        Cv2.ImEncode(".png", blank, out var oneBit, new ImageEncodingParam(ImwriteFlags.PngBilevel, 1));
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[50_000_000]);
        }

        byte[] text = [.. "Comment"u8, 0, 0, .. compressed.ToArray()];
        var chunk = new byte[12 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, text.Length);
        "zTXt"u8.CopyTo(chunk.AsSpan(4));
        text.CopyTo(chunk, 8);
        var idat = png.AsSpan().IndexOf("IDAT"u8) - 4;
        var hugeIdat = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(hugeIdat.AsSpan(idat), 0x7FFFFFFF);
        return
        [
            ("one-bit 7071x7071 png", oneBit),
            ("zTXt inflating to 50 MB", [.. png[..33], .. chunk, .. png[33..]]),
            ("IDAT length 0x7FFFFFFF", hugeIdat),
            ("jpeg of fill bytes", [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 100_000), 0xFF, 0xD9]),
        ];
    }
}
