using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Vision.Pipeline.Inference;

/// <summary>
/// A block of page-locked host memory from a session's CUDA pinned allocator, held as a byte tensor (ONNX Runtime's C#
/// API gives a tensor's address, not an allocation's); tensors of any shape are laid over it.
/// </summary>
internal sealed class PageLockedBlock : IDisposable
{
    private readonly OrtValue _owner;

    private unsafe PageLockedBlock(OrtValue owner, OrtMemoryInfo info, ulong size)
    {
        _owner = owner;
        Info = info;
        Size = size;
        Pointer = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(owner.GetTensorMutableRawData()));
    }

    public OrtMemoryInfo Info { get; }

    public IntPtr Pointer { get; }

    public ulong Size { get; }

    public static PageLockedBlock Allocate(OrtAllocator allocator, ulong size)
    {
        var owner = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.UInt8, [checked((long)size)]);
        try
        {
            return new PageLockedBlock(owner, allocator.Info, size);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner.Dispose();
}
