using System.Diagnostics;
using WebOcperf.Perf.Record;

namespace WebOcperf.Running;

/// <summary>
/// Turns a recording into its cached profile: runs <c>perf script</c> with explicit fields and streams its stdout
/// straight through the parser (never holding the text, never copying it to a file), then saves the aggregates beside
/// perf.data so that reopening the run does not run perf script again. One ingestion per recording at a time.
/// </summary>
public sealed partial class RecordIngestion(BenchmarkFiles files, RunTargets targets, ILogger<RecordIngestion> logger)
{
    /// <summary>
    /// Striped gates, one per recording modulo their count: a fixed set instead of one per recording ever opened, at the
    /// price of two recordings now and then waiting for each other's first ingestion.
    /// </summary>
    private readonly SemaphoreSlim[] gates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The cached profile, or null when the recording has not been ingested (or its cache is unusable).</summary>
    public RecordProfile? TryLoadCached(Guid benchmarkId) =>
        RecordProfile.TryLoad(RecordCacheFiles.ProfilePathFor(files.PerfData(benchmarkId)));

    /// <summary>
    /// Loads the cached profile, or ingests the recording when there is none. A recording made on a host is read by
    /// perf script on that host, where its binaries are (a local perf script would resolve symbols against this
    /// machine's files).
    /// </summary>
    /// <param name="host">The host the recording was made on; null for this machine.</param>
    public async Task<RecordProfile> LoadOrIngestAsync(Guid benchmarkId, bool hasCallChains, CancellationToken cancellationToken,
        string? host = null)
    {
        var gate = gates[(benchmarkId.GetHashCode() & int.MaxValue) % gates.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return TryLoadCached(benchmarkId) ?? await IngestAsync(targets.For(host), benchmarkId, hasCallChains, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RecordProfile> IngestAsync(IRunTarget target, Guid benchmarkId, bool hasCallChains, CancellationToken cancellationToken)
    {
        var perfData = files.PerfData(benchmarkId);
        if (!File.Exists(perfData))
        {
            throw new RecordIngestionException("perf record wrote no perf.data");
        }

        var stopwatch = Stopwatch.StartNew();
        RecordProfile? profile = null;
        var command = TargetCommand.Perf(PerfScriptCommand.Arguments(perfData, hasCallChains),
            workingDirectory: files.DirectoryOf(benchmarkId));
        var result = await target.RunCommandAsync(command, async (stdout, token) =>
            profile = await PerfScriptParser.ParseAsync(stdout, RecordCacheFiles.SampleLogPathFor(perfData), token),
            cancellationToken);
        if (profile is null || (result.ExitCode != 0 && profile.SampleCount == 0))
        {
            throw new RecordIngestionException($"perf script exited with code {result.ExitCode}: {result.Stderr.Trim()}");
        }
        profile.Save(RecordCacheFiles.ProfilePathFor(perfData));
        LogIngested(profile.SampleCount, benchmarkId, stopwatch.ElapsedMilliseconds, profile.SkippedLines);
        return profile;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Samples} samples of benchmark {BenchmarkId} in {Elapsed} ms ({Skipped} lines skipped)")]
    private partial void LogIngested(long samples, Guid benchmarkId, long elapsed, long skipped);
}

public sealed class RecordIngestionException(string message) : Exception(message);
