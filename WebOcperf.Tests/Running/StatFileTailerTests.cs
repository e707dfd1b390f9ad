using System.Threading.Channels;
using WebOcperf.Perf.Stat;
using WebOcperf.Running;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>Following perf's -o file while it grows: only complete lines count.</summary>
public sealed class StatFileTailerTests : IDisposable
{
    private readonly TemporaryDataDirectory directory = new("webocperf-tailer-");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_line_without_its_newline_waits_for_the_rest()
    {
        var path = Path.Combine(directory.Path, "perf-stat.csv");
        await File.WriteAllTextAsync(path,
            "# started on Wed Nov 25 10:00:00 2026\n\n" +
            "     0.100000000,5.00,msec,task-clock,100000000,100.00,,\n" +
            "     0.100000000,7,,page-faults,100000000,100.00,,\n" +
            "     0.200000000,6.00,msec,task-clock,100000000,100.00,,\n" +
            "     0.200000000,12", TestContext.Current.CancellationToken);
        var samples = Channel.CreateUnbounded<IntervalSample>();
        var tailer = new StatFileTailer(path, (sample, _) => samples.Writer.TryWrite(sample));
        using var stop = new CancellationTokenSource();
        var following = tailer.FollowAsync(stop.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var first = await samples.Reader.ReadAsync(timeout.Token);
        Assert.Equal([5.0, 7.0], first.Values);

        // perf's next write completes the line: "12" was the start of 12345, never a count of its own
        await File.AppendAllTextAsync(path, "345,,page-faults,100000000,100.00,,\n", TestContext.Current.CancellationToken);
        var second = await samples.Reader.ReadAsync(timeout.Token);
        Assert.Equal(0.2, second.Time);
        Assert.Equal([6.0, 12345.0], second.Values);

        await stop.CancelAsync();
        await following;
        Assert.False(samples.Reader.TryRead(out var extra), $"an interval too many: {extra}");
    }
}
