using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Running;
using WebOcperf.Tests.Infrastructure;
using WebOcperf.Tests.Perf.Record;

namespace WebOcperf.Tests.Running;

/// <summary>
/// The runner's own logic — judging how perf and the workload ended, stop reasons, time limits, log caps, bringing
/// files home, record ingestion — against a fake run target, so that each case is exact and fast. The real-perf tests
/// (<see cref="BenchmarkRunTests"/>, <see cref="RunLimitsTests"/>, <see cref="RecordRunTests"/>) prove the same on perf.
/// </summary>
public sealed class BenchmarkRunnerLogicTests : IDisposable
{
    private static readonly string[] TwoIntervals =
    [
        "# started on Tue Nov 24 03:21:10 2026",
        "",
        "     0.100488492,95.75,msec,task-clock,95751466,100.00,0.958,CPUs utilized",
        "     0.100488492,8,,context-switches,95839513,100.00,83.548,/sec",
        "     0.201556756,100.90,msec,task-clock,100902688,100.00,1.009,CPUs utilized",
        "     0.201556756,9,,context-switches,100902688,100.00,89.198,/sec",
    ];

    private readonly FakeRunTarget target = new();

    public void Dispose() => target.Dispose();

    internal sealed class FakeTargetFactory(FakeRunTarget target, IReadOnlyDictionary<string, string?>? settings) : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings ?? base.Settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IRunTarget>(target));
        }
    }

    private async Task<(FakeTargetFactory Factory, ApiClient Api, Guid SessionId)> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new FakeTargetFactory(target, settings);
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync("fake target");
        return (factory, api, session.Id);
    }

    private static object StatRequest(string workload = "./bench") =>
        new { workload, events = new[] { "task-clock", "context-switches" }, interval = 100 };

    private static object RecordRequest(string callGraph) =>
        new { workload = "./bench", events = new[] { "task-clock" }, tool = "record", callGraph };

    /// <summary>Submits one benchmark to a server on the fake target and waits until it has finished.</summary>
    private async Task<(BenchmarkDto Finished, string DataDirectory)> RunToEndAsync(object request,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (factory, api, sessionId) = await StartAsync(settings);
        await using var _ = factory;
        return (await api.WaitUntilFinishedAsync((await api.SubmitAsync(sessionId, request)).Id), factory.DataDirectory);
    }

    [Fact]
    public async Task A_run_whose_workload_and_perf_succeed_is_Succeeded_with_its_files_brought_home()
    {
        target.Perf = new FakePerf { StatLines = TwoIntervals };
        var (factory, api, sessionId) = await StartAsync();
        await using var _ = factory;

        var submitted = await api.SubmitAsync(sessionId, StatRequest());
        var finished = await api.WaitUntilFinishedAsync(submitted.Id);

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Null(finished.Error);
        Assert.Equal((0, 0), (finished.PerfExitCode, finished.WorkloadExitCode));
        var start = Assert.Single(target.Starts);
        // the command line shows the target's perf and the paths of an area made for it alone (on a host each
        // invocation makes its own, so that one is removed at once); perf writes into its invocation's area
        var removed = target.RemovedAreas.ToList();
        Assert.Equal(2, removed.Count);
        Assert.StartsWith("/fake/bin/perf stat -x , -I 100 -e task-clock,context-switches -o " + removed[0].Directory,
            finished.CommandLine);
        Assert.Equal(start.Area, removed[1]);
        Assert.False(Directory.Exists(start.Area.Directory));
        // the intervals were followed live and the fetched file is what the result is read from
        Assert.Equal([0.100488492, 0.201556756], finished.Results!.Intervals.Select(i => i.Time));
        Assert.Equal(95.75 + 100.90, finished.Results.Events.Single(e => e.Event == "task-clock").Total!.Value, 6);
        Assert.Equal(string.Join('\n', TwoIntervals) + "\n",
            await File.ReadAllTextAsync(Path.Combine(factory.DataDirectory, "benchmarks", submitted.Id.ToString("N"), "perf-stat.csv"),
                TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_failing_workload_fails_the_run_although_perf_exits_0()
    {
        target.Perf = new FakePerf { StatLines = TwoIntervals, WorkloadStatus = 3 };
        var (finished, _) = await RunToEndAsync(StatRequest("exit 3"));

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal("the workload exited with status 3", finished.Error);
        Assert.Equal((0, 3), (finished.PerfExitCode, finished.WorkloadExitCode));
    }

    [Fact]
    public async Task Perf_failing_before_the_workload_ran_fails_the_run_with_perfs_message()
    {
        target.Perf = new FakePerf
        {
            ExitCode = 129,
            WorkloadStatus = null,
            StderrLines = ["event syntax error: 'bogus'", "Run 'perf list' for a list of valid events"],
        };
        var (finished, _) = await RunToEndAsync(StatRequest());

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Contains("event syntax error: 'bogus'", finished.Error);
        Assert.Equal((129, null), (finished.PerfExitCode, finished.WorkloadExitCode));
    }

    [Fact]
    public async Task Stop_reaches_the_running_perf_and_the_run_is_Cancelled_with_its_data()
    {
        target.Perf = new FakePerf { StatLines = TwoIntervals, RunsUntilStopped = true };
        var (factory, api, sessionId) = await StartAsync();
        await using var _ = factory;
        var submitted = await api.SubmitAsync(sessionId, StatRequest());
        var run = await target.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        (await api.Http.PostAsync($"/api/v1/benchmark/{submitted.Id}/cancel", null, TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode();
        var finished = await api.WaitUntilFinishedAsync(submitted.Id);

        Assert.Equal(BenchmarkStatus.Cancelled, finished.Status);
        Assert.Equal("stopped by a user; the data so far is kept", finished.Error);
        Assert.Equal(2, finished.Results!.Intervals.Count);
        Assert.False(run.Killed);
    }

    [Fact]
    public async Task A_run_past_the_time_limit_fails_naming_the_limit_and_the_limits_reach_the_target()
    {
        target.Perf = new FakePerf { RunsUntilStopped = true };
        var (finished, _) = await RunToEndAsync(StatRequest(), new Dictionary<string, string?>
        {
            ["WebOcperf:MaxRunDuration"] = "00:00:00.300",
            ["WebOcperf:StopGracePeriod"] = "00:00:04",
        });

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal("stopped after the maximum run duration of 00:00:00.3000000 (WebOcperf:MaxRunDuration)", finished.Error);
        var run = await target.Started.Task;
        Assert.Equal((TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(4)), run.WaitedWith);
    }

    [Fact]
    public async Task The_workload_log_cap_and_the_environment_reach_the_target()
    {
        var (factory, api, sessionId) = await StartAsync(new Dictionary<string, string?>
        {
            ["WebOcperf:MaxWorkloadLogBytes"] = "12345",
        });
        await using var _ = factory;

        await api.WaitUntilFinishedAsync((await api.SubmitAsync(sessionId, new
        {
            workload = "./bench",
            events = new[] { "task-clock" },
            env = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "4" },
        })).Id);

        var start = Assert.Single(target.Starts);
        Assert.Equal(12345, start.MaxWorkloadLogBytes);
        // the user's variables, besides the run's process tag
        Assert.Contains(new KeyValuePair<string, string>("OMP_NUM_THREADS", "4"), start.Environment);
        Assert.Equal(start.Area.PathOf("workload-status"), start.WorkloadStatusPath);
    }

    [Fact]
    public async Task A_target_that_cannot_start_perf_fails_the_run_with_its_reason()
    {
        target.Perf = new FakePerf { StartError = "perf could not be started: Permission denied" };
        var (finished, _) = await RunToEndAsync(StatRequest());

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal("perf could not be started: Permission denied", finished.Error);
    }

    [Fact]
    public async Task A_target_without_perf_refuses_the_submission_and_stores_nothing()
    {
        target.Problem = "perf was not found on the fake machine";
        var (factory, api, sessionId) = await StartAsync();
        await using var _ = factory;

        var response = await api.Http.PostAsJsonAsync($"/api/v1/session/{sessionId}", StatRequest(),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("perf was not found on the fake machine",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await api.Http.GetFromJsonAsync<List<JsonElement>>($"/api/v1/session/{sessionId}",
            TestContext.Current.CancellationToken) ?? []);
        Assert.Empty(target.Starts);
    }

    [Fact]
    public async Task A_recording_is_ingested_with_perf_script_on_the_target()
    {
        target.Perf = new FakePerf { PerfData = [1, 2, 3] };
        target.PerfScriptOutput = RecordTestSupport.GoldenText("callchain-kernel-user.txt");
        var (finished, dataDirectory) = await RunToEndAsync(RecordRequest("fp"));

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.True(finished.Profile!.Samples > 0);
        var script = Assert.Single(target.Commands, c => c.Arguments[0] == "script");
        Assert.Equal(TargetCommand.PerfProgram, script.Program);
        Assert.Contains(Path.Combine(dataDirectory, "benchmarks", finished.Id.ToString("N"), "perf.data"), script.Arguments);
        Assert.DoesNotContain("-G", script.Arguments);
    }

    [Fact]
    public async Task A_recording_perf_script_cannot_read_fails_the_run_saying_so()
    {
        target.Perf = new FakePerf { PerfData = [1, 2, 3] };
        target.PerfScriptOutput = null;
        var (finished, _) = await RunToEndAsync(RecordRequest("none"));

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Equal("the samples could not be read: perf script exited with code 1: failed to open perf.data: Invalid argument",
            finished.Error);
    }

    public static TheoryData<PerfExit, BenchmarkStatus, string?> Exits() => new()
    {
        { new PerfExit(0, StopReason.None, "", 0), BenchmarkStatus.Succeeded, null },
        { new PerfExit(0, StopReason.None, "", 127), BenchmarkStatus.Failed, "the workload exited with status 127 (command not found)" },
        { new PerfExit(0, StopReason.None, "", 137), BenchmarkStatus.Failed, "the workload was killed by signal 9 (SIGKILL; status 137)" },
        { new PerfExit(1, StopReason.None, "", null), BenchmarkStatus.Failed, "perf exited with code 1" },
        { new PerfExit(2, StopReason.None, "", 0), BenchmarkStatus.Failed, "perf exited with code 2" },
        { new PerfExit(130, StopReason.Cancelled, "", null), BenchmarkStatus.Cancelled, "stopped by a user; the data so far is kept" },
        { new PerfExit(130, StopReason.Shutdown, "", null), BenchmarkStatus.Interrupted, "the server shut down while this ran; the data so far is kept" },
        { new PerfExit(0, StopReason.Timeout, "", 0), BenchmarkStatus.Failed, "stopped after the maximum run duration of 00:01:00 (WebOcperf:MaxRunDuration)" },
    };

    [Theory]
    [MemberData(nameof(Exits))]
    public void An_ended_invocation_is_judged_by_its_stop_reason_then_the_workload_then_perf(PerfExit exit,
        BenchmarkStatus status, string? error)
    {
        Assert.Equal((status, error), PerfInvocationRunner.Judge(exit, TimeSpan.FromMinutes(1)));
    }
}
