using WebOcperf.Data;

namespace WebOcperf.Benchmarks;

/// <summary>
/// Which settings of two benchmarks differ, by the names a reader knows them by: what the compare page highlights
/// and what the history marks when a run differs from its predecessor in one setting only.
/// </summary>
public static class BenchmarkDifferences
{
    public const string Workload = "workload";
    public const string Environment = "environment";
    public const string Events = "events";
    public const string Tool = "tool";
    public const string Interval = "interval";
    public const string Sampling = "sampling";
    public const string CallGraph = "call graph";

    /// <summary>The settings that make two runs measure different things (the description is only a label).</summary>
    public static IReadOnlyList<string> Between(Benchmark a, Benchmark b)
    {
        var differences = new List<string>();
        if (a.Workload != b.Workload)
        {
            differences.Add(Workload);
        }
        if (!a.Environment.SequenceEqual(b.Environment))
        {
            differences.Add(Environment);
        }
        if (!a.Events.SequenceEqual(b.Events))
        {
            differences.Add(Events);
        }
        if (a.Tool != b.Tool)
        {
            differences.Add(Tool);
            return differences;
        }
        if (a.Tool == PerfTool.Stat && a.IntervalMs != b.IntervalMs)
        {
            differences.Add(Interval);
        }
        if (a.Tool == PerfTool.Record)
        {
            if (a.RecordFrequency != b.RecordFrequency || a.RecordPeriod != b.RecordPeriod)
            {
                differences.Add(Sampling);
            }
            if (a.CallGraph != b.CallGraph)
            {
                differences.Add(CallGraph);
            }
        }
        return differences;
    }

    /// <summary>
    /// For each benchmark of a history (newest first), the one setting in which it differs from the run before it,
    /// or nothing when it differs in none or in several.
    /// </summary>
    public static IReadOnlyDictionary<Guid, string> SingleChanges(IReadOnlyList<Benchmark> newestFirst)
    {
        var changes = new Dictionary<Guid, string>();
        for (var i = 0; i + 1 < newestFirst.Count; i++)
        {
            var differences = Between(newestFirst[i + 1], newestFirst[i]);
            if (differences.Count == 1)
            {
                changes[newestFirst[i].Id] = differences[0];
            }
        }
        return changes;
    }
}
