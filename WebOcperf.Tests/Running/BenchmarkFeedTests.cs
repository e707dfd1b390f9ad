using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

public sealed class BenchmarkFeedTests
{
    private static IntervalSample Sample(int i) => new(i * 0.1, [i]);

    private static async Task<List<FeedUpdate>> ReadAllAsync(BenchmarkFeed feed, int from)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var updates = new List<FeedUpdate>();
        await foreach (var update in feed.ReadAsync(from, timeout.Token))
        {
            updates.Add(update);
        }
        return updates;
    }

    [Fact]
    public async Task A_late_reader_gets_the_backlog_then_live_samples_in_order_exactly_once()
    {
        var feed = new BenchmarkFeed(Guid.NewGuid());
        feed.SetSeries(["a"], [""]);
        for (var i = 0; i < 5; i++)
        {
            feed.AddSample(Sample(i));
        }

        var reading = ReadAllAsync(feed, 0);
        for (var i = 5; i < 200; i++)
        {
            feed.AddSample(Sample(i));
            if (i % 17 == 0)
            {
                await Task.Yield();
            }
        }
        feed.Complete(RunState.Queued(null) with { Status = BenchmarkStatus.Succeeded });
        var updates = await reading;

        var samples = updates.SelectMany(u => u.Samples).Select(s => (int)s.Values[0]!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 200), samples);
        Assert.True(updates[^1].Done);
        Assert.Equal(BenchmarkStatus.Succeeded, updates[^1].State!.Status);
        Assert.Equal(["a"], updates[0].Events);
    }

    [Fact]
    public async Task A_reader_resuming_at_k_gets_k_onwards_only()
    {
        var feed = new BenchmarkFeed(Guid.NewGuid());
        for (var i = 0; i < 10; i++)
        {
            feed.AddSample(Sample(i));
        }
        feed.Complete(RunState.Queued(null) with { Status = BenchmarkStatus.Succeeded });

        var updates = await ReadAllAsync(feed, 7);

        Assert.Equal([7, 8, 9], updates.SelectMany(u => u.Samples).Select(s => (int)s.Values[0]!.Value));
        Assert.Equal(7, updates.First(u => u.Samples.Count > 0).FirstIndex);
    }

    [Fact]
    public async Task A_reader_that_never_reads_does_not_hold_up_the_writer_or_other_readers()
    {
        var feed = new BenchmarkFeed(Guid.NewGuid());
        using var stalledCancel = new CancellationTokenSource();
        var stalled = feed.ReadAsync(0, stalledCancel.Token).GetAsyncEnumerator();
        await stalled.MoveNextAsync();

        var reading = ReadAllAsync(feed, 0);
        for (var i = 0; i < 10_000; i++)
        {
            feed.AddSample(Sample(i));
        }
        feed.Complete(RunState.Queued(null) with { Status = BenchmarkStatus.Succeeded });

        Assert.Equal(10_000, (await reading).Sum(u => u.Samples.Count));
        await stalledCancel.CancelAsync();
        await stalled.DisposeAsync();
    }

    [Fact]
    public void Nothing_is_published_after_completion()
    {
        var feed = new BenchmarkFeed(Guid.NewGuid());
        feed.Complete(RunState.Queued(null) with { Status = BenchmarkStatus.Cancelled });

        feed.AddSample(Sample(1));

        Assert.Equal(0, feed.SampleCount);
        Assert.True(feed.IsDone);
    }
}
