namespace WebOcperf.Data;

/// <summary>
/// One perf stat invocation of a benchmark: a warm-up or a measured repetition. Warm-ups and repetitions are numbered
/// separately from 1 ("warm-up 1 of 2", then "repetition 1 of 10"), as the page and the API call them.
/// </summary>
public sealed class BenchmarkRepetition
{
    public Guid BenchmarkId { get; set; }
    public bool Warmup { get; set; }
    public int Index { get; set; }

    /// <summary>Running while perf runs; then Succeeded, Failed, Cancelled (Stop) or Interrupted (server stopped).</summary>
    public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Running;

    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? PerfExitCode { get; set; }
    public int? WorkloadExitCode { get; set; }

    /// <summary>Seconds from starting perf to perf's exit, as the server timed it (perf's start-up included).</summary>
    public double? WallSeconds { get; set; }

    /// <summary>Why this invocation failed or stopped, in words.</summary>
    public string? Error { get; set; }

    /// <summary>Counted in the statistics: a measured repetition that ran to its end.</summary>
    public bool IsMeasured => !Warmup && Status == BenchmarkStatus.Succeeded;

    /// <summary>"repetition 3" or "warm-up 1".</summary>
    public string Label => Warmup ? $"warm-up {Index}" : $"repetition {Index}";

    /// <summary>The folder of its files under the benchmark's directory.</summary>
    public string DirectoryName => DirectoryNameOf(Warmup, Index);

    public static string DirectoryNameOf(bool warmup, int index) =>
        (warmup ? "warmup-" : "repetition-") + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Names one perf invocation of a benchmark: measured repetition k (<c>?repetition=k</c>) or warm-up k (<c>?warmup=k</c>).</summary>
public readonly record struct RepetitionKey(bool Warmup, int Index)
{
    public static RepetitionKey Measured(int index) => new(false, index);

    public string Label => Warmup ? $"warm-up {Index}" : $"repetition {Index}";

    /// <summary>The query string that selects it: <c>repetition=3</c> or <c>warmup=1</c>.</summary>
    public string Query => (Warmup ? "warmup=" : "repetition=") + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static RepetitionKey Of(BenchmarkRepetition repetition) => new(repetition.Warmup, repetition.Index);
}
