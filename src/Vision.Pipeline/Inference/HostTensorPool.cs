using System.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>
/// Host memory for a session's input and output tensors, pooled by size. On a GPU it is page-locked (CUDA pinned, from
/// the session's own allocator): the CUDA provider then copies a frame to the device directly and asynchronously,
/// where ordinary (pageable) memory is first copied through a staging buffer. A batch of eight 416 px frames is 16 MB
/// copied per run, so this copy is the likely ceiling of a GPU fed from the host. On the CPU the tensors are pooled
/// arrays (<see cref="Managed"/>). Blocks are kept for reuse until the pool is closed: a GPU host runs a handful of
/// shapes, and allocating page-locked memory is slow.
/// </summary>
public sealed class HostTensorPool
{
    private const long SmallestBlock = 4096;

    private readonly OrtAllocator? _pageLocked;
    private readonly Dictionary<ulong, Stack<PageLockedBlock>> _free = [];
    private readonly Lock _lifetime = new();
    private long _blocks;
    private int _rented;
    private Action? _closedThen;

    private HostTensorPool(OrtAllocator? pageLocked)
    {
        _pageLocked = pageLocked;
    }

    /// <summary>Pooled managed arrays, for sessions on the CPU and for tools.</summary>
    public static HostTensorPool Managed { get; } = new(null);

    /// <summary>True when tensors are laid over blocks of the session's allocator (page-locked memory, outside tests).</summary>
    public bool IsPageLocked => _pageLocked is not null;

    /// <summary>Page-locked blocks allocated so far (each is reused once returned).</summary>
    public long BlocksAllocated
    {
        get
        {
            lock (_lifetime)
            {
                return _blocks;
            }
        }
    }

    /// <summary>
    /// Page-locked memory from the CUDA pinned allocator of <paramref name="session"/> (one on the CUDA or TensorRT
    /// provider). Throws <see cref="OnnxRuntimeException"/> when the session has no such allocator.
    /// </summary>
    public static HostTensorPool PageLockedFor(InferenceSession session, int deviceId)
    {
        using var pinned = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.CpuOutput);
        return OfBlocksFrom(new OrtAllocator(session, pinned));
    }

    /// <summary>A pool of blocks from <paramref name="allocator"/>, which it owns (tests use a CPU allocator: the same pool, in ordinary memory).</summary>
    internal static HostTensorPool OfBlocksFrom(OrtAllocator allocator) => new(allocator);

    /// <summary>A tensor of <paramref name="shape"/> (contents undefined); dispose it after the run to return its memory.</summary>
    public PooledTensor<T> Rent<T>(params long[] shape) where T : unmanaged
    {
        if (_pageLocked is null)
        {
            return PooledTensor<T>.FromArrayPool(shape);
        }

        var bytes = PooledTensor<T>.LengthOf(shape) * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var size = BitOperations.RoundUpToPowerOf2((ulong)Math.Max(bytes, SmallestBlock));
        PageLockedBlock? block;
        lock (_lifetime)
        {
            ObjectDisposedException.ThrowIf(_closedThen is not null, this);
            if (!(_free.TryGetValue(size, out var blocks) && blocks.TryPop(out block)))
            {
                block = PageLockedBlock.Allocate(_pageLocked, size);
                _blocks++;
            }

            _rented++;
        }

        try
        {
            return PooledTensor<T>.OverBlock(shape, block, this);
        }
        catch
        {
            Return(block);
            throw;
        }
    }

    /// <summary>Takes a block back for reuse, or frees it when the pool is closed.</summary>
    internal void Return(PageLockedBlock block)
    {
        Action? release = null;
        lock (_lifetime)
        {
            _rented--;
            if (_closedThen is null)
            {
                FreeBlocksOf(block.Size).Push(block);
                return;
            }

            block.Dispose();
            if (_rented == 0)
            {
                release = ReleaseAllocator();
            }
        }

        release?.Invoke();
    }

    /// <summary>
    /// Frees the blocks and the allocator, then calls <paramref name="release"/> (which releases the session): at once,
    /// or when the last rented tensor comes back, because the blocks belong to the session's allocator.
    /// </summary>
    public void Close(Action release)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (_pageLocked is null)
        {
            release();
            return;
        }

        lock (_lifetime)
        {
            if (_closedThen is not null)
            {
                return;
            }

            _closedThen = release;
            foreach (var block in _free.Values.SelectMany(blocks => blocks))
            {
                block.Dispose();
            }

            _free.Clear();
            if (_rented > 0)
            {
                return;
            }

            release = ReleaseAllocator();
        }

        release();
    }

    private Stack<PageLockedBlock> FreeBlocksOf(ulong size)
    {
        if (!_free.TryGetValue(size, out var blocks))
        {
            _free[size] = blocks = new Stack<PageLockedBlock>();
        }

        return blocks;
    }

    private Action ReleaseAllocator()
    {
        _pageLocked!.Dispose();
        return _closedThen!;
    }
}
