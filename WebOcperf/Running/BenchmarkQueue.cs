using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>
/// The benchmarks waiting to run, in order, each with the machine it is for. Every machine has its own turn: the
/// runner takes the oldest benchmark whose machine has a free place (<see cref="DequeueAsync(Func{string, bool}, CancellationToken)"/>),
/// so a busy host never holds up another's runs. The list answers "which position am I in" and lets a queued
/// benchmark be taken out before it starts, freeing its place at once; at most <see cref="WebOcperfOptions.QueueCapacity"/>
/// wait at once, counting the places reserved for submissions about to be stored (<see cref="TryReserve"/>).
/// </summary>
public sealed class BenchmarkQueue
{
    /// <summary>The machine of a benchmark queued without one: this one.</summary>
    public const string LocalHost = Data.Benchmark.LocalHostName;

    private readonly LinkedList<(Guid Id, string Host)> order = new();
    private readonly object gate = new();
    private readonly int capacity;
    private int reserved;
    // completed (and replaced) whenever something was queued or a machine may have got a free place
    private TaskCompletionSource changed = NewSignal();

    public BenchmarkQueue(IOptions<WebOcperfOptions> options) => capacity = Math.Max(1, options.Value.QueueCapacity);

    /// <summary>Raised after the order changed, so viewers of queued benchmarks can be told their new position.</summary>
    public event Action? Changed;

    /// <summary>
    /// Reserves a place at the end for a benchmark about to be stored; null when the queue is full. Dispose the slot
    /// without <see cref="QueueSlot.Enqueue"/> to give the place back.
    /// </summary>
    public QueueSlot? TryReserve()
    {
        lock (gate)
        {
            if (order.Count + reserved >= capacity)
            {
                return null;
            }
            reserved++;
        }
        return new QueueSlot(this);
    }

    /// <summary>Adds a benchmark at the end of its machine's turn (null: this machine); false when the queue is full.</summary>
    public bool TryEnqueue(Guid benchmarkId, string? host = null)
    {
        using var slot = TryReserve();
        if (slot is null)
        {
            return false;
        }
        slot.Enqueue(benchmarkId, host);
        return true;
    }

    private void Add(Guid benchmarkId, string? host)
    {
        lock (gate)
        {
            reserved--;
            order.AddLast((benchmarkId, string.IsNullOrEmpty(host) ? LocalHost : host));
        }
        Wake();
        Changed?.Invoke();
    }

    private void Unreserve()
    {
        lock (gate)
        {
            reserved--;
        }
    }

    /// <summary>Waits for the next benchmark, whatever its machine.</summary>
    public async Task<Guid> DequeueAsync(CancellationToken cancellationToken) =>
        (await DequeueAsync(_ => true, cancellationToken)).Id;

    /// <summary>
    /// Waits for the oldest benchmark whose machine <paramref name="hasRoom"/> says can take one more run, and takes it
    /// out of the queue. Call <see cref="Wake"/> when a machine gets a free place, so that its waiting runs are seen.
    /// </summary>
    public async Task<(Guid Id, string Host)> DequeueAsync(Func<string, bool> hasRoom, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            (Guid, string)? next = null;
            lock (gate)
            {
                signal = changed.Task;
                for (var node = order.First; node is not null; node = node.Next)
                {
                    if (hasRoom(node.Value.Host))
                    {
                        next = node.Value;
                        order.Remove(node);
                        break;
                    }
                }
            }
            if (next is { } taken)
            {
                Changed?.Invoke();
                return taken;
            }
            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Makes waiting dequeuers look again: a machine got a free place.</summary>
    public void Wake()
    {
        TaskCompletionSource old;
        lock (gate)
        {
            old = changed;
            changed = NewSignal();
        }
        old.TrySetResult();
    }

    /// <summary>Takes a benchmark out before it starts; false when it is not waiting (any more).</summary>
    public bool TryRemove(Guid benchmarkId)
    {
        var removed = false;
        lock (gate)
        {
            for (var node = order.First; node is not null; node = node.Next)
            {
                if (node.Value.Id == benchmarkId)
                {
                    order.Remove(node);
                    removed = true;
                    break;
                }
            }
        }
        if (removed)
        {
            Changed?.Invoke();
        }
        return removed;
    }

    /// <summary>
    /// Takes all of <paramref name="benchmarkIds"/> out, or none of them when one is not waiting (any more): a runner has
    /// just taken it and it is starting. All or none, so that nothing is left stored as Queued without a place in the queue.
    /// </summary>
    public bool TryRemoveAll(IReadOnlyCollection<Guid> benchmarkIds)
    {
        if (benchmarkIds.Count == 0)
        {
            return true;
        }
        lock (gate)
        {
            var nodes = new List<LinkedListNode<(Guid Id, string Host)>>();
            for (var node = order.First; node is not null; node = node.Next)
            {
                if (benchmarkIds.Contains(node.Value.Id))
                {
                    nodes.Add(node);
                }
            }
            if (nodes.Count != benchmarkIds.Distinct().Count())
            {
                return false;
            }
            foreach (var node in nodes)
            {
                order.Remove(node);
            }
        }
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// 1 for the next to run on its machine; null when not queued. Each machine has its own turn, so only the
    /// benchmarks queued before it for the same machine count.
    /// </summary>
    public int? PositionOf(Guid benchmarkId)
    {
        lock (gate)
        {
            var host = order.FirstOrDefault(e => e.Id == benchmarkId).Host;
            if (host is null)
            {
                return null;
            }
            var position = 1;
            foreach (var (id, entryHost) in order)
            {
                if (id == benchmarkId)
                {
                    return position;
                }
                if (entryHost == host)
                {
                    position++;
                }
            }
            return null;
        }
    }

    /// <summary>The queued benchmarks in order, with their position in their machine's turn.</summary>
    public IReadOnlyList<(Guid Id, int Position)> Positions()
    {
        lock (gate)
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var positions = new List<(Guid, int)>(order.Count);
            foreach (var (id, host) in order)
            {
                counts[host] = counts.GetValueOrDefault(host) + 1;
                positions.Add((id, counts[host]));
            }
            return positions;
        }
    }

    public IReadOnlyList<Guid> Snapshot()
    {
        lock (gate)
        {
            return order.Select(e => e.Id).ToList();
        }
    }

    /// <summary>A place reserved at the end of the queue.</summary>
    public sealed class QueueSlot : IDisposable
    {
        private BenchmarkQueue? queue;

        internal QueueSlot(BenchmarkQueue queue) => this.queue = queue;

        /// <summary>Puts the benchmark in the reserved place, in its machine's turn (null: this machine).</summary>
        public void Enqueue(Guid benchmarkId, string? host)
        {
            var owner = queue ?? throw new InvalidOperationException("This queue slot has been used or given back.");
            queue = null;
            owner.Add(benchmarkId, host);
        }

        public void Dispose()
        {
            queue?.Unreserve();
            queue = null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
