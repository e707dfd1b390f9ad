using WebOcperf.Perf;
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
    public const int MaxRepeat = 100;
    public const int MaxWarmup = 10;
    public const int MaxPrepareCommandLength = 16_384;

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

    /// <summary>How many measured perf stat invocations make up this benchmark (1–<see cref="MaxRepeat"/>).</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>Invocations run before the measured ones, shown but kept out of the statistics.</summary>
    public int Warmup { get; set; }

    /// <summary>A shell command run (unmeasured) before each warm-up and repetition, like hyperfine's --prepare.</summary>
    public string? PrepareCommand { get; set; }

    /// <summary>
    /// Whether the benchmark is made of several perf invocations, each with its own files under
    /// <c>repetition-k/</c> or <c>warmup-k/</c>; a single plain run keeps its files in the benchmark's directory.
    /// </summary>
    public bool IsRepeated => Repeat > 1 || Warmup > 0;

    /// <summary>The machine's conditions when the benchmark started; null until then (and for older benchmarks).</summary>
    public MachineContext? Context { get; set; }

    /// <summary>Each perf invocation of a perf stat benchmark, warm-ups first, as they ran.</summary>
    public List<BenchmarkRepetition> Repetitions { get; set; } = [];

    /// <summary>perf record's sampling: the period when one was given, else the frequency.</summary>
    public SamplingRate Sampling => RecordPeriod is > 0 and var period
        ? SamplingRate.EveryNth(period)
        : SamplingRate.Frequency(RecordFrequency is > 0 and var hertz ? hertz : DefaultRecordFrequency);

    /// <summary>The events as perf was given them, or as the user named them when they were not resolved.</summary>
    public IReadOnlyList<string> EventsForPerf => PerfEvents.Count > 0 ? PerfEvents : Events;

    /// <summary>The command line as a person would type it on another machine (see <see cref="Perf.TypedCommandLine"/>).</summary>
    public string TypedCommandLine => Tool == PerfTool.Stat
        ? Perf.TypedCommandLine.Stat(EventsForPerf, IntervalMs, Workload, EnvironmentPairs)
        : Perf.TypedCommandLine.Record(EventsForPerf, Sampling, CallGraph, Workload, EnvironmentPairs);

    public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Queued;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? PerfExitCode { get; set; }
    public int? WorkloadExitCode { get; set; }

    /// <summary>
    /// Why the run failed, was stopped or interrupted, in words for the user; for a run that succeeded, a note on how it
    /// ended when that was not on its own (a recording stopped at WebOcperf:MaxRecordingBytes), else null.
    /// </summary>
    public string? Error { get; set; }

    /// <summary>perf's process group while it runs, so that a restarted server can end what a crashed one left.</summary>
    public int? ProcessGroupId { get; set; }

    /// <summary>The configured host (WebOcperf:Hosts) the run went to over ssh; null for this machine.</summary>
    public string? Host { get; set; }

    /// <summary>What this machine is called where hosts are named (the form, filters, the API).</summary>
    public const string LocalHostName = "local";

    /// <summary>The host's name for people: the configured name, or <c>local</c>.</summary>
    public string HostName => Host ?? LocalHostName;

    /// <summary>The exact command that ran (server paths, the status wrapper), quoted so that it can be pasted into a shell.</summary>
    public string? CommandLine { get; set; }

    /// <summary>The invocation shown when none is asked for: the first measured repetition, else the first warm-up.</summary>
    public RepetitionKey DefaultRepetition =>
        Repetitions.Count > 0 && Repetitions.All(r => r.Warmup) ? new RepetitionKey(true, 1) : RepetitionKey.Measured(1);

    /// <summary>The invocation <paramref name="key"/> names, if it ran (or runs).</summary>
    public BenchmarkRepetition? FindRepetition(RepetitionKey key) =>
        Repetitions.FirstOrDefault(r => r.Warmup == key.Warmup && r.Index == key.Index);

    public bool IsFinished => Status is not (BenchmarkStatus.Queued or BenchmarkStatus.Running);

    public IEnumerable<KeyValuePair<string, string>> EnvironmentPairs => Environment.Select(entry =>
    {
        var equals = entry.IndexOf('=');
        return new KeyValuePair<string, string>(entry[..equals], entry[(equals + 1)..]);
    });

    /// <summary>Elapsed time: finished runs from start to end, running ones up to now.</summary>
    public TimeSpan? Elapsed(DateTime nowUtc) => StartedAt is { } start ? (FinishedAt ?? nowUtc) - start : null;
}
