using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>Runs the real perf through the whole app: API → queue → runner → files → parsed results.</summary>
public sealed class BenchmarkRunTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly ApiClient api = new(factory.CreateClient());

    [Fact]
    public async Task An_interval_run_succeeds_with_parsed_intervals()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            description = "busy loop",
            workload = ApiClient.BusyLoop(0.5),
            events = new[] { "task-clock", "context-switches", "page-faults" },
            interval = 100,
            env = new Dictionary<string, string> { ["WEBOCPERF_TEST"] = "1" },
        });
        Assert.Equal(BenchmarkStatus.Queued, queued.Status);

        var finished = await api.WaitUntilFinishedAsync(queued.Id);

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Equal(0, finished.PerfExitCode);
        Assert.Equal(0, finished.WorkloadExitCode);
        Assert.True(finished.Results!.Intervals.Count >= 3, $"{finished.Results.Intervals.Count} intervals");
        var taskClock = finished.Results.Events.Single(e => e.Event == "task-clock");
        Assert.True(taskClock.Total > 0);
        Assert.Equal("msec", taskClock.Unit);
        Assert.Contains("-I 100", finished.CommandLine);
        Assert.Contains("-e task-clock,context-switches,page-faults", finished.CommandLine);
    }

    [Fact]
    public async Task The_environment_and_working_directory_reach_the_workload()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = "echo \"value=$WEBOCPERF_VALUE\"; pwd",
            events = new[] { "task-clock" },
            env = new Dictionary<string, string> { ["WEBOCPERF_VALUE"] = "a b=c" },
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);
        var log = await api.Http.GetStringAsync(finished.Links.Log);

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Contains("value=a b=c", log);
        Assert.Contains(Directory.GetCurrentDirectory(), log);
    }

    [Fact]
    public async Task An_event_perf_rejects_fails_with_perfs_message()
    {
        var session = await api.CreateSessionAsync();
        // raw PMU syntax for a PMU every machine has passes the catalog unchanged, so perf itself judges its terms
        var queued = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock", "software/no_such_term=1/" } });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal(129, finished.PerfExitCode);
        Assert.Contains("event syntax error", finished.Error);
        Assert.DoesNotContain("Usage", finished.Error);
    }

    [Fact]
    public async Task A_missing_workload_fails()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = "/nonexistent/command --flag", events = new[] { "task-clock" }, interval = 100 });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);
        var log = await api.Http.GetStringAsync(finished.Links.Log);

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal(127, finished.WorkloadExitCode);
        Assert.Contains("command not found", finished.Error);
        Assert.Contains("/nonexistent/command", log);
    }

    [Fact]
    public async Task A_workload_that_exits_3_under_interval_mode_fails_although_perf_exits_0()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(0.2) + "; exit 3", events = new[] { "task-clock" }, interval = 50 });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal(0, finished.PerfExitCode);
        Assert.Equal(3, finished.WorkloadExitCode);
        Assert.Equal("the workload exited with status 3", finished.Error);
        Assert.NotEmpty(finished.Results!.Intervals);
    }

    [Fact]
    public async Task Cycles_are_counted_with_a_hardware_PMU_and_reported_unsupported_not_as_zero_without_one()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(0.2), events = new[] { "task-clock", "cycles" } });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);
        var csv = await api.Http.GetStringAsync($"/api/v1/benchmark/{queued.Id}.csv");
        var raw = await api.Http.GetStringAsync($"/api/v1/benchmark/{queued.Id}.raw");

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.StartsWith("# started on", raw);
        var cycles = finished.Results!.Events.Single(e => e.Event == "cycles");
        if (ThisMachine.HasHardwarePmu)
        {
            Assert.True(cycles.Supported, ThisMachine.Description);
            Assert.True(cycles.Total > 0, $"cycles {cycles.Total} on a machine with {ThisMachine.Description}");
            Assert.DoesNotContain("not supported", csv);
            Assert.DoesNotContain("<not supported>", raw);
        }
        else
        {
            Assert.False(cycles.Supported);
            Assert.Null(cycles.Total);
            Assert.Contains("cycles,cycles,,,not supported", csv);
            Assert.Contains("<not supported>", raw);
        }
    }
}
