using WebOcperf.Data;

namespace WebOcperf.Running;

/// <summary>Which files belong to which perf invocation of a (possibly repeated) benchmark.</summary>
public static class RepetitionFiles
{
    /// <summary>The prepare command's output (stdout and stderr), beside the invocation it prepared.</summary>
    public const string PrepareLogName = "prepare.log";

    /// <summary>
    /// The files of one perf invocation: a plain benchmark's are in its directory; each warm-up and repetition of a
    /// repeated one has its own folder (<c>repetition-3/</c>, <c>warmup-1/</c>). Without <paramref name="key"/>, the
    /// benchmark's default invocation (its first measured repetition).
    /// </summary>
    public static InvocationFiles InvocationOf(this BenchmarkFiles files, Benchmark benchmark, RepetitionKey? key = null)
    {
        if (!benchmark.IsRepeated)
        {
            return files.Invocation(benchmark.Id);
        }
        var chosen = key ?? benchmark.DefaultRepetition;
        return files.Invocation(benchmark.Id, BenchmarkRepetition.DirectoryNameOf(chosen.Warmup, chosen.Index));
    }
}
