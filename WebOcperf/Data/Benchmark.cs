using WebOcperf.Perf.Record;

namespace WebOcperf.Data;

public enum BenchmarkStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>The server stopped (or crashed) while the benchmark ran.</summary>
    Interrupted,
}

public enum PerfTool
{
    Stat,
    Record,
}

/// <summary>One perf run: what was asked for, and what happened.</summary>
public sealed class Benchmark
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxWorkloadLength = 16_384;
    public const int MaxEvents = 64;
    public const int MaxIntervalMs = 3_600_000;
    public const int DefaultRecordFrequency = 999;
    public const int MaxRecordFrequency = 100_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Session? Session { get; set; }

    public string Description { get; set; } = "";
    public required string Workload { get; set; }

    /// <summary>Environment variables as <c>NAME=value</c>, in the order given.</summary>
    public List<string> Environment { get; set; } = [];

    /// <summary>Events as the user named them; empty means perf's default set.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>The same events as perf was given them (symbolic Intel names resolved to raw syntax).</summary>
    public List<string> PerfEvents { get; set; } = [];

    public PerfTool Tool { get; set; } = PerfTool.Stat;

    /// <summary>perf stat <c>-I</c> in milliseconds; null for totals only.</summary>
    public int? IntervalMs { get; set; }

    /// <summary>Whether viewers follow the run live or see the results when it ends.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>perf record <c>-F</c>; used when <see cref="RecordPeriod"/> is null.</summary>
    public int? RecordFrequency { get; set; }

    /// <summary>perf record <c>-c</c>.</summary>
    public long? RecordPeriod { get; set; }

    public CallGraphMode CallGraph { get; set; } = CallGraphMode.None;

    public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Queued;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? PerfExitCode { get; set; }
    public int? WorkloadExitCode { get; set; }

    /// <summary>Why the run failed, was stopped or interrupted, in words for the user.</summary>
    public string? Error { get; set; }

    /// <summary>perf's process group while it runs, so that a restarted server can end what a crashed one left.</summary>
    public int? ProcessGroupId { get; set; }

    /// <summary>The exact command that ran, quoted so that it can be pasted into a shell.</summary>
    public string? CommandLine { get; set; }

    public bool IsFinished => Status is not (BenchmarkStatus.Queued or BenchmarkStatus.Running);

    public IEnumerable<KeyValuePair<string, string>> EnvironmentPairs => Environment.Select(entry =>
    {
        var equals = entry.IndexOf('=');
        return new KeyValuePair<string, string>(entry[..equals], entry[(equals + 1)..]);
    });

    /// <summary>Elapsed time: finished runs from start to end, running ones up to now.</summary>
    public TimeSpan? Elapsed(DateTime nowUtc) => StartedAt is { } start ? (FinishedAt ?? nowUtc) - start : null;
}
