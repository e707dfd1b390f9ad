using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Record;

namespace WebOcperf.Running;

/// <summary>
/// Turns a recording into its cached profile: runs <c>perf script</c> with explicit fields and streams its stdout
/// straight through the parser (never holding the text, never copying it to a file), then saves the aggregates beside
/// perf.data so that reopening the run does not run perf script again. One ingestion per recording at a time.
/// </summary>
public sealed class RecordIngestion(BenchmarkFiles files, PerfInstallation perf, IOptions<WebOcperfOptions> options,
    ILogger<RecordIngestion> logger)
{
    private const int MaxStderrChars = 16 * 1024;

    /// <summary>
    /// Striped gates, one per recording modulo their count: a fixed set instead of one per recording ever opened, at the
    /// price of two recordings now and then waiting for each other's first ingestion.
    /// </summary>
    private readonly SemaphoreSlim[] gates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The cached profile, or null when the recording has not been ingested (or its cache is unusable).</summary>
    public RecordProfile? TryLoadCached(Guid benchmarkId) =>
        RecordProfile.TryLoad(RecordCacheFiles.ProfilePathFor(files.PerfData(benchmarkId)));

    /// <summary>Loads the cached profile, or ingests the recording when there is none.</summary>
    public async Task<RecordProfile> LoadOrIngestAsync(Guid benchmarkId, bool hasCallChains, CancellationToken cancellationToken)
    {
        var gate = gates[(benchmarkId.GetHashCode() & int.MaxValue) % gates.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return TryLoadCached(benchmarkId) ?? await IngestAsync(benchmarkId, hasCallChains, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RecordProfile> IngestAsync(Guid benchmarkId, bool hasCallChains, CancellationToken cancellationToken)
    {
        var perfData = files.PerfData(benchmarkId);
        if (!File.Exists(perfData))
        {
            throw new RecordIngestionException("perf record wrote no perf.data");
        }
        var startInfo = new ProcessStartInfo(perf.ExecutablePath ?? options.Value.PerfPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = files.DirectoryOf(benchmarkId),
        };
        foreach (var argument in PerfScriptCommand.Arguments(perfData, hasCallChains))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)
            ?? throw new RecordIngestionException("perf script could not be started");
        var stderr = ReadLimitedAsync(process.StandardError);
        RecordProfile profile;
        try
        {
            profile = await PerfScriptParser.ParseAsync(process.StandardOutput.BaseStream,
                RecordCacheFiles.SampleLogPathFor(perfData), cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch
        {
            // a blocked read of the pipe only ends when perf script does
            process.Kill(entireProcessTree: true);
            throw;
        }
        var messages = await stderr;
        if (process.ExitCode != 0 && profile.SampleCount == 0)
        {
            throw new RecordIngestionException($"perf script exited with code {process.ExitCode}: {messages.Trim()}");
        }
        profile.Save(RecordCacheFiles.ProfilePathFor(perfData));
        logger.LogInformation("Ingested {Samples} samples of benchmark {BenchmarkId} in {Elapsed} ms ({Skipped} lines skipped)",
            profile.SampleCount, benchmarkId, stopwatch.ElapsedMilliseconds, profile.SkippedLines);
        return profile;
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (text.Length < MaxStderrChars)
            {
                text.AppendLine(line);
            }
        }
        return text.ToString();
    }
}

public sealed class RecordIngestionException(string message) : Exception(message);
