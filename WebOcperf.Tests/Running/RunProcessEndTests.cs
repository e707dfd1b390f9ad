using WebOcperf.Data;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>
/// Nothing of a run outlives it: a workload's process that leaves perf's group by <c>setsid</c> is ended when the run
/// ends on its own and when it is stopped, a recording that reaches WebOcperf:MaxRecordingBytes ends Succeeded with
/// every process of its workload gone, and a run does not start without WebOcperf:MinFreeDiskBytes free.
/// </summary>
public sealed class RunProcessEndTests
{
    private sealed class SmallRecordingCapFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:MaxRecordingBytes"] = "1048576",
        };
    }

    private sealed class NeverEnoughSpaceFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:MinFreeDiskBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A sleep whose command line no other test's has: <c>sleep 1222.NNNNNN</c>.</summary>
    private static string UniqueSleep() => $"sleep 1222.{Random.Shared.Next(100_000, 999_999)}";

    /// <summary>The sleep's own process, by its argv (the shells that started it mention it with a space).</summary>
    private static List<int> SleepProcess(string sleep) => Processes.Mentioning(sleep.Replace(' ', '\0'));

    [Fact]
    public async Task A_setsid_process_is_ended_when_the_run_ends_and_the_log_says_so()
    {
        await using var factory = new WebOcperfFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var sleep = UniqueSleep();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = $"setsid {sleep} >/dev/null 2>&1 & echo started",
            events = new[] { "task-clock" },
        });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);
        var log = await api.Http.GetStringAsync(finished.Links.Log);

        Assert.Equal((BenchmarkStatus.Succeeded, null), (finished.Status, finished.Error));
        Assert.Empty(SleepProcess(sleep));
        Assert.Matches(@"\[WebOcperf ended 1 process of this run left running outside perf's process group \(e\.g\. by setsid\): \d+ \(sleep\)\]", log);
    }

    [Fact]
    public async Task A_setsid_process_is_ended_when_the_run_is_stopped()
    {
        await using var factory = new WebOcperfFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var sleep = UniqueSleep();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = $"setsid {sleep} >/dev/null 2>&1 & echo started; {ApiClient.BusyLoop(120)}",
            events = new[] { "task-clock" },
            interval = 100,
        });
        await api.WaitForWorkloadLogAsync(benchmark.Links.Log, "started");
        Assert.Single(await Processes.WaitForMentioningAsync(sleep.Replace(' ', '\0')));

        using var stop = await api.Http.PostAsync($"/api/v1/benchmark/{benchmark.Id}/cancel", null);
        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);

        Assert.True(stop.IsSuccessStatusCode, $"stop answered {stop.StatusCode}");
        Assert.Equal(BenchmarkStatus.Cancelled, finished.Status);
        Assert.Empty(SleepProcess(sleep));
        Assert.Contains("WebOcperf ended 1 process of this run", await api.Http.GetStringAsync(finished.Links.Log));
    }

    [Fact]
    public async Task A_recording_stopped_at_its_size_cap_succeeds_with_a_note_and_leaves_no_process()
    {
        await using var factory = new SmallRecordingCapFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var marker = $"capped-{Guid.NewGuid():N}";
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            // busy workers in their own sessions and in perf's group, all forking: perf's cap SIGTERMs only the wrapper
            workload = $"setsid sh -c '{ApiClient.BusyLoop(60)} # {marker}' & sh -c '{ApiClient.BusyLoop(60)} # {marker}' & " +
                       $"{ApiClient.BusyLoop(60)}; wait",
            tool = "record",
            // about 8 KB a sample: the cap comes after some 128 samples, long after the shell forked its workers
            frequency = 999,
            callGraph = "dwarf",
        });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Contains("the recording reached its size cap of 1 MiB (WebOcperf:MaxRecordingBytes)", finished.Error);
        Assert.Contains("--max-size=1024K", finished.CommandLine);
        Assert.True(finished.Profile?.Samples > 0, "the samples up to the cap are kept");
        Assert.Empty(Processes.Mentioning(marker));
        Assert.Contains("WebOcperf ended", await api.Http.GetStringAsync(finished.Links.Log));
        Assert.True((finished.FinishedAt - finished.StartedAt)!.Value < TimeSpan.FromSeconds(50),
            "the cap, not the workload's own end, ended the run");
    }

    [Fact]
    public async Task A_run_does_not_start_without_the_configured_free_space_and_says_why()
    {
        await using var factory = new NeverEnoughSpaceFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new { workload = "echo ran", events = new[] { "task-clock" } });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.StartsWith("not started: only ", finished.Error);
        Assert.Contains($"is free where the results go ({Path.Combine(factory.DataDirectory, "benchmarks")})", finished.Error);
        Assert.Contains("WebOcperf:MinFreeDiskBytes", finished.Error);
        Assert.Null(finished.PerfExitCode);
    }
}
