using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nito.AsyncEx;

namespace Vision.Service.Admission;

/// <summary>
/// The threads admitted photo work runs on: for each photo method, as many long-lived threads as admission lets its
/// calls run at once, each running one photo at a time with every continuation of that photo's work on the same thread.
/// Why not the thread pool: glibc gives each thread that allocates natively an arena and keeps what is freed in it, so
/// photo work resuming on whichever pool thread was free left another arena of tens of megabytes behind after each
/// burst (<c>triage-memory</c>, twelve 12 MP triages: 757 MB and climbing, each on a new thread; 582 MB and level, on one).
/// </summary>
public sealed class PhotoWorkers : IDisposable
{
    private readonly Dictionary<string, BlockingCollection<Action>> _queues = new(StringComparer.Ordinal);
    private readonly List<Thread> _threads = [];

    public PhotoWorkers(IOptions<AdmissionOptions> options)
    {
        foreach (var (method, share) in new[] { (nameof(AdmissionOptions.AnalyzePhoto), options.Value.AnalyzePhoto), (nameof(AdmissionOptions.TriagePhoto), options.Value.TriagePhoto) })
        {
            var queue = new BlockingCollection<Action>();
            _queues[method] = queue;
            for (var i = 0; i < share.MaxConcurrent; i++)
            {
                var thread = new Thread(() => Work(queue)) { IsBackground = true, Name = $"{method} worker {i + 1}" };
                thread.Start();
                _threads.Add(thread);
            }
        }
    }

    /// <summary>Runs an admitted call's work on one of its method's threads, all of it: the continuations after each await too.</summary>
    public Task<T> RunAsync<T>(string method, Func<Task<T>> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The caller's execution context (its trace span, its log scopes) goes with the work.
        var caller = ExecutionContext.Capture();
        _queues[method].Add(() =>
        {
            try
            {
                var result = default(T);
                if (caller is null)
                {
                    result = AsyncContext.Run(work);
                }
                else
                {
                    ExecutionContext.Run(caller, _ => result = AsyncContext.Run(work), null);
                }

                completion.SetResult(result!);
            }
            catch (OperationCanceledException cancelled)
            {
                completion.SetCanceled(cancelled.CancellationToken);
            }
            catch (Exception error)
            {
                completion.SetException(error);
            }
        });
        return completion.Task;
    }

    /// <inheritdoc cref="RunAsync{T}(string, Func{Task{T}})"/>
    public Task<T> RunAsync<T>(string method, Func<T> work) => RunAsync(method, () => Task.FromResult(work()));

    /// <summary>Lets each thread finish the photo it has and stops them; nothing new is taken.</summary>
    public void Dispose()
    {
        foreach (var queue in _queues.Values)
        {
            queue.CompleteAdding();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var queue in _queues.Values)
        {
            queue.Dispose();
        }
    }

    private static void Work(BlockingCollection<Action> queue)
    {
        foreach (var photo in queue.GetConsumingEnumerable())
        {
            photo();
        }
    }
}
