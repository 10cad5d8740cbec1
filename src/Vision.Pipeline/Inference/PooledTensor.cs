using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>
/// An input tensor over a pooled buffer: filled through <see cref="Span"/>, passed to a run as <see cref="Value"/>, and
/// returned to the pool when disposed, so no inference allocates its input.
/// </summary>
public sealed class PooledTensor<T> : IDisposable where T : unmanaged
{
    private T[]? _buffer;

    internal PooledTensor(long[] shape)
    {
        var length = 1L;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
            length *= dimension;
        }

        Length = checked((int)length);
        _buffer = ArrayPool<T>.Shared.Rent(Length);
        Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _buffer.AsMemory(0, Length), shape);
    }

    public int Length { get; }

    public Span<T> Span => _buffer.AsSpan(0, Length);

    public OrtValue Value { get; }

    public void Dispose()
    {
        if (_buffer is null)
        {
            return;
        }

        Value.Dispose();
        ArrayPool<T>.Shared.Return(_buffer);
        _buffer = null;
    }
}
