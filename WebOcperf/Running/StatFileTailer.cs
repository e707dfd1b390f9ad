using WebOcperf.Perf.Stat;

namespace WebOcperf.Running;

/// <summary>
/// Turns the lines of perf stat's interval CSV, as they arrive, into complete intervals: each interval is handed out
/// as soon as the next one begins, and the last one when the lines end.
/// </summary>
public sealed class IntervalLineReader(Action<IntervalSample, IntervalAssembler> onSample)
{
    private readonly IntervalAssembler assembler = new();

    public void Add(string line)
    {
        if (!PerfStatCsvParser.TryParseLine(line, intervalMode: true, out var parsed))
        {
            return;
        }
        foreach (var sample in assembler.Add(parsed))
        {
            onSample(sample, assembler);
        }
    }

    /// <summary>The lines have ended: hands out the interval still being assembled.</summary>
    public void Finish()
    {
        if (assembler.Flush() is { } last)
        {
            onSample(last, assembler);
        }
    }
}

/// <summary>Follows a local perf stat <c>-o</c> file while it grows and hands out each interval once it is complete.</summary>
public sealed class StatFileTailer(string path, Action<IntervalSample, IntervalAssembler> onSample)
{
    /// <summary>Follows the file until <paramref name="stop"/> is cancelled, then reads what is left and flushes.</summary>
    public async Task FollowAsync(CancellationToken stop)
    {
        var reader = new IntervalLineReader(onSample);
        await new FileLineFollower(path, reader.Add).FollowAsync(stop);
        reader.Finish();
    }
}
