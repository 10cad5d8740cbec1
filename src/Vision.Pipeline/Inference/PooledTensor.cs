using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Vision.Pipeline.Inference;

/// <summary>
/// A tensor over pooled memory (<see cref="HostTensorPool"/>): filled or read through <see cref="Span"/>, passed to a
/// run as <see cref="Value"/>, and given back to its pool when disposed, so no inference allocates its tensors.
/// </summary>
public sealed class PooledTensor<T> : IDisposable where T : unmanaged
{
    private T[]? _array;
    private PageLockedBlock? _block;
    private readonly HostTensorPool? _owner;

    private PooledTensor(long[] shape, T[]? array, PageLockedBlock? block, HostTensorPool? owner)
    {
        Shape = shape;
        Length = LengthOf(shape);
        _array = array;
        _block = block;
        _owner = owner;
        Value = block is null
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, array.AsMemory(0, Length), shape)
            : OrtValue.CreateTensorValueWithData(block.Info, TensorBase.GetTypeInfo(typeof(T)).ElementType, shape, block.Pointer,
                Length * (long)Unsafe.SizeOf<T>());
    }

    public long[] Shape { get; }

    public int Length { get; }

    public unsafe Span<T> Span =>
        _array is not null ? _array.AsSpan(0, Length)
        : _block is not null ? new Span<T>((void*)_block.Pointer, Length)
        : throw new ObjectDisposedException(nameof(PooledTensor<T>));

    public OrtValue Value { get; }

    internal static PooledTensor<T> FromArrayPool(long[] shape) => new(shape, ArrayPool<T>.Shared.Rent(LengthOf(shape)), null, null);

    internal static PooledTensor<T> OverBlock(long[] shape, PageLockedBlock block, HostTensorPool owner) => new(shape, null, block, owner);

    internal static int LengthOf(long[] shape)
    {
        var length = 1L;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
            length *= dimension;
        }

        return checked((int)length);
    }

    public void Dispose()
    {
        if (_array is null && _block is null)
        {
            return;
        }

        Value.Dispose();
        if (_array is not null)
        {
            ArrayPool<T>.Shared.Return(_array);
            _array = null;
        }
        else
        {
            _owner!.Return(_block!);
            _block = null;
        }
    }
}
