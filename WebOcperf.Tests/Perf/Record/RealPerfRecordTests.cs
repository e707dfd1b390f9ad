using System.Diagnostics;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf.Record;

public sealed class RealPerfRecordTests : IDisposable
{
    private const string Perf = "/usr/bin/perf";
    private readonly RecordTestSupport _support = new();

    public void Dispose() => _support.Dispose();

    [Fact]
    public async Task Records_a_busy_loop_and_parses_every_sample_perf_script_prints()
    {
        var perfData = Path.Combine(_support.TempDirectory, "perf.data");
        var workload = new WorkloadInvocation("i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done",
            Path.Combine(_support.TempDirectory, "status"));
        var record = PerfRecordCommand.Arguments(["task-clock"], SamplingRate.Frequency(999), CallGraphMode.FramePointer,
            perfData, workload);
        var (recordExit, _) = await RunAsync(record);
        Assert.Equal(0, recordExit);

        var scriptArguments = PerfScriptCommand.Arguments(perfData, hasCallChains: true);
        RecordProfile profile;
        using (var script = Start(scriptArguments))
        {
            // Drained concurrently: a full stderr pipe would stall perf script and with it the parser.
            var stderr = script.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            profile = await PerfScriptParser.ParseAsync(script.StandardOutput.BaseStream,
                RecordCacheFiles.SampleLogPathFor(perfData), TestContext.Current.CancellationToken);
            await script.WaitForExitAsync(TestContext.Current.CancellationToken);
            await stderr;
            Assert.Equal(0, script.ExitCode);
        }

        var (_, text) = await RunAsync(scriptArguments);
        var printedSamples = RecordTestSupport.CountHeaderLines(text);
        Assert.InRange(printedSamples, 100, 100_000);
        Assert.Equal(printedSamples, profile.SampleCount);
        Assert.Equal(0, profile.SkippedLines);
        var selection = profile.Select(profile.EventIndex("task-clock"));
        Assert.NotEmpty(selection.TopFunctions());
        Assert.NotEmpty(selection.Folded());
        Assert.Equal(printedSamples, selection.FlameGraph().Root.Value);

        // The same recording read without call chains (-G): one line per sample, the same samples.
        using (var flat = Start(PerfScriptCommand.Arguments(perfData, hasCallChains: false)))
        {
            var stderr = flat.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var flatProfile = await PerfScriptParser.ParseAsync(flat.StandardOutput.BaseStream,
                Path.Combine(_support.TempDirectory, "flat.samples"), TestContext.Current.CancellationToken);
            await flat.WaitForExitAsync(TestContext.Current.CancellationToken);
            await stderr;
            Assert.Equal(printedSamples, flatProfile.SampleCount);
            Assert.Equal(0, flatProfile.SkippedLines);
            Assert.All(flatProfile.Select(0).Folded().Split('\n', StringSplitOptions.RemoveEmptyEntries),
                line => Assert.Single(line.Split(';')[1..]));
        }

        profile.Save(RecordCacheFiles.ProfilePathFor(perfData));
        var reloaded = RecordProfile.TryLoad(RecordCacheFiles.ProfilePathFor(perfData));
        Assert.NotNull(reloaded);
        Assert.Equal(selection.Folded(), reloaded.Select(0).Folded());
    }

    private static Process Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Perf) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private static async Task<(int ExitCode, string Stdout)> RunAsync(IReadOnlyList<string> arguments)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var output = await stdout;
        await stderr;
        return (process.ExitCode, output);
    }
}
