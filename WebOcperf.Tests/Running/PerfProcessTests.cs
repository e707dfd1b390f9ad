using System.Globalization;
using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>How perf and its workload are started and stopped, seen from a real server process.</summary>
public sealed class PerfProcessTests : IDisposable
{
    private const ulong SigintBit = 1UL << (2 - 1);

    private readonly TemporaryDataDirectory dataDirectory = new("webocperf-perfprocess-");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task Stop_reaches_the_workload_and_perf_prints_totals_also_when_the_server_runs_as_a_background_job()
    {
        await using var server = await ServerProcess.StartAsync(dataDirectory.Path, ServerLaunch.BackgroundJob);
        // the premise: like `dotnet run &` in a script, the server ignores SIGINT; the workload it starts must not
        Assert.NotEqual(0UL, IgnoredSignals(File.ReadAllText($"/proc/{server.Pid}/status")) & SigintBit);
        var api = new ApiClient(server.Http);
        var session = await api.CreateSessionAsync("background job");
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = "grep SigIgn /proc/$$/status; " + ApiClient.BusyLoop(120),
            events = new[] { "task-clock" },
        });
        var log = await api.WaitForWorkloadLogAsync(benchmark.Links.Log, "SigIgn");

        var cancel = await api.Http.PostAsync($"/api/v1/benchmark/{benchmark.Id}/cancel", null);
        cancel.EnsureSuccessStatusCode();
        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);

        Assert.Equal(0UL, IgnoredSignals(log) & SigintBit);
        Assert.Equal(BenchmarkStatus.Cancelled, finished.Status);
        // SIGINT ended the workload and perf wrote its totals: not a SIGKILL after the grace period, which loses them
        var taskClock = Assert.Single(finished.Results!.Events);
        Assert.NotNull(taskClock.Total);
        Assert.True(taskClock.Total > 0, $"task-clock {taskClock.Total}");
    }

    /// <summary>The SigIgn mask of a /proc/…/status text.</summary>
    private static ulong IgnoredSignals(string status)
    {
        var line = status.Split('\n').Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
