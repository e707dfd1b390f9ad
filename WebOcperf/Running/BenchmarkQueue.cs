using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>
/// The benchmarks waiting to run, in order. A bounded channel hands them to the runner; a list beside it answers
/// "which position am I in" and lets a queued benchmark be taken out before it starts.
/// </summary>
public sealed class BenchmarkQueue
{
    private readonly Channel<Guid> channel;
    private readonly LinkedList<Guid> order = new();
    private readonly object gate = new();

    public BenchmarkQueue(IOptions<WebOcperfOptions> options)
    {
        channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Raised after the order changed, so viewers of queued benchmarks can be told their new position.</summary>
    public event Action? Changed;

    /// <summary>Adds a benchmark at the end; false when the queue is full.</summary>
    public bool TryEnqueue(Guid benchmarkId)
    {
        lock (gate)
        {
            if (!channel.Writer.TryWrite(benchmarkId))
            {
                return false;
            }
            order.AddLast(benchmarkId);
        }
        Changed?.Invoke();
        return true;
    }

    /// <summary>Waits for the next benchmark that was not taken out of the queue meanwhile.</summary>
    public async Task<Guid> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = await channel.Reader.ReadAsync(cancellationToken);
            bool stillQueued;
            lock (gate)
            {
                stillQueued = order.Remove(id);
            }
            if (stillQueued)
            {
                Changed?.Invoke();
                return id;
            }
        }
    }

    /// <summary>Takes a benchmark out before it starts; false when it is not waiting (any more).</summary>
    public bool TryRemove(Guid benchmarkId)
    {
        bool removed;
        lock (gate)
        {
            removed = order.Remove(benchmarkId);
        }
        if (removed)
        {
            Changed?.Invoke();
        }
        return removed;
    }

    /// <summary>1 for the next to run; null when not queued.</summary>
    public int? PositionOf(Guid benchmarkId)
    {
        lock (gate)
        {
            var position = 1;
            for (var node = order.First; node is not null; node = node.Next, position++)
            {
                if (node.Value == benchmarkId)
                {
                    return position;
                }
            }
            return null;
        }
    }

    public IReadOnlyList<Guid> Snapshot()
    {
        lock (gate)
        {
            return order.ToList();
        }
    }
}
