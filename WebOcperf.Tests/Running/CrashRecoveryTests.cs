using Microsoft.AspNetCore.Mvc.Testing;
using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>What a crashed or stopped server leaves behind is settled when it starts again, and nothing is lost.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TemporaryDataDirectory dataDirectory = new("webocperf-crash-");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public async Task After_sigkill_running_runs_are_interrupted_with_their_data_and_queued_runs_run()
    {
        Guid running, queued;
        int group;
        await using (var first = await ServerProcess.StartAsync(dataDirectory.Path))
        {
            var api = new ApiClient(first.Http);
            var session = await api.CreateSessionAsync("crash");
            running = (await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(120), events = new[] { "task-clock" }, interval = 100 })).Id;
            queued = (await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } })).Id;
            await api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(90), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 4);
            group = Processes.GroupOf(running);

            await first.KillAsync();
        }
        // perf leads its own process group, so it outlives the server: the restarted server must end it
        Assert.NotEmpty(Processes.InGroup(group));

        await using var second = await ServerProcess.StartAsync(dataDirectory.Path);
        var restarted = new ApiClient(second.Http);
        var interrupted = await restarted.GetAsync(running);
        var requeued = await restarted.WaitUntilFinishedAsync(queued);

        Assert.Equal(BenchmarkStatus.Interrupted, interrupted.Status);
        Assert.Contains("stopped while this ran", interrupted.Error);
        Assert.True(interrupted.Results!.Intervals.Count >= 5, $"{interrupted.Results.Intervals.Count} intervals kept");
        Assert.Empty(Processes.InGroup(group));
        Assert.Equal(BenchmarkStatus.Succeeded, requeued.Status);
    }

    [Fact]
    public async Task After_sigkill_a_running_recording_keeps_its_samples()
    {
        Guid recording;
        int group;
        await using (var first = await ServerProcess.StartAsync(dataDirectory.Path))
        {
            var api = new ApiClient(first.Http);
            var session = await api.CreateSessionAsync("crash while recording");
            var submitted = await api.SubmitAsync(session.Id, new
            {
                // a second of samples first, then a sign in the log that they were taken
                workload = ApiClient.BusyLoop(1) + "; echo sampled; " + ApiClient.BusyLoop(120),
                events = new[] { "task-clock" },
                tool = "record",
                frequency = 999,
            });
            recording = submitted.Id;
            await api.WaitForWorkloadLogAsync(submitted.Links.Log, "sampled");
            group = Processes.GroupOf(recording);

            await first.KillAsync();
        }
        Assert.NotEmpty(Processes.InGroup(group));

        await using var second = await ServerProcess.StartAsync(dataDirectory.Path);
        var interrupted = await new ApiClient(second.Http).GetAsync(recording);

        Assert.Equal(BenchmarkStatus.Interrupted, interrupted.Status);
        Assert.Empty(Processes.InGroup(group));
        Assert.True(interrupted.Profile?.Samples > 100, $"{interrupted.Profile?.Samples} samples kept");
    }

    [Fact]
    public async Task After_sigkill_a_process_that_left_perfs_group_is_ended_by_the_next_server_which_says_so()
    {
        Guid running;
        var sleep = $"sleep 1222.{Random.Shared.Next(100_000, 999_999)}";
        await using (var first = await ServerProcess.StartAsync(dataDirectory.Path))
        {
            var api = new ApiClient(first.Http);
            var session = await api.CreateSessionAsync("crash with a setsid child");
            var submitted = await api.SubmitAsync(session.Id, new
            {
                workload = $"setsid {sleep} >/dev/null 2>&1 & echo started; {ApiClient.BusyLoop(120)}",
                events = new[] { "task-clock" },
                interval = 100,
            });
            running = submitted.Id;
            await api.WaitForWorkloadLogAsync(submitted.Links.Log, "started");

            await first.KillAsync();
        }
        // signalling perf's group would miss it: it made a session of its own
        Assert.Single(await Processes.WaitForMentioningAsync(sleep.Replace(' ', '\0')));

        await using var second = await ServerProcess.StartAsync(dataDirectory.Path);
        var interrupted = await new ApiClient(second.Http).GetAsync(running);

        Assert.Equal(BenchmarkStatus.Interrupted, interrupted.Status);
        Assert.Empty(Processes.Mentioning(sleep.Replace(' ', '\0')));
        Assert.Matches(@"stopped while this ran; the data so far is kept\nWebOcperf ended 1 process of this run left running outside perf's process group \(e\.g\. by setsid\): \d+ \(sleep\)", interrupted.Error);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_c_or_sigterm_with_a_viewer_watching_stops_the_run_at_once_and_marks_it_interrupted(string signal)
    {
        Guid running;
        int group;
        TimeSpan shutdown;
        await using (var server = await ServerProcess.StartAsync(dataDirectory.Path))
        {
            var api = new ApiClient(server.Http);
            var session = await api.CreateSessionAsync($"SIG{signal}");
            running = (await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(120), events = new[] { "task-clock" }, interval = 100 })).Id;
            await api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(90), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 2);
            group = Processes.GroupOf(running);
            var viewer = api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(120));

            shutdown = await server.SignalAndWaitForExitAsync(signal);
            // the viewer's stream ended with the server (cleanly or cut off), instead of holding the shutdown up
            Assert.Same(viewer, await Task.WhenAny(viewer, Task.Delay(TimeSpan.FromSeconds(10))));
            await Record.ExceptionAsync(() => viewer);
        }

        Assert.True(shutdown < TimeSpan.FromSeconds(15), $"shutdown took {shutdown.TotalSeconds:0.0} s");
        Assert.Empty(Processes.InGroup(group));
        await using var again = new DataDirectoryFactory(dataDirectory.Path);
        var benchmark = await new ApiClient(again.CreateClient()).GetAsync(running);
        Assert.Equal(BenchmarkStatus.Interrupted, benchmark.Status);
        Assert.Contains("shut down", benchmark.Error);
    }

    [Fact]
    public async Task A_server_shut_down_mid_run_marks_it_interrupted_and_stops_perf()
    {
        Guid running;
        int group;
        await using (var factory = new DataDirectoryFactory(dataDirectory.Path))
        {
            var api = new ApiClient(factory.CreateClient());
            var session = await api.CreateSessionAsync("shutdown");
            running = (await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(120), events = new[] { "task-clock" }, interval = 100 })).Id;
            await api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(90), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 2);
            group = Processes.GroupOf(running);
        }

        Assert.Empty(Processes.InGroup(group));
        await using var again = new DataDirectoryFactory(dataDirectory.Path);
        var benchmark = await new ApiClient(again.CreateClient()).GetAsync(running);
        Assert.Equal(BenchmarkStatus.Interrupted, benchmark.Status);
        Assert.Contains("shut down", benchmark.Error);
        Assert.NotEmpty(benchmark.Results!.Intervals);
    }

    [Fact]
    public async Task Files_that_no_benchmark_points_to_are_removed_at_start_up()
    {
        var orphan = Path.Combine(dataDirectory.Path, "benchmarks", Guid.NewGuid().ToString("N"));
        await using (var factory = new DataDirectoryFactory(dataDirectory.Path))
        {
            await new ApiClient(factory.CreateClient()).CreateSessionAsync("sweep");
        }
        Directory.CreateDirectory(orphan);
        await File.WriteAllTextAsync(Path.Combine(orphan, "perf-stat.csv"), "left by a crash");

        await using var again = new DataDirectoryFactory(dataDirectory.Path);
        again.CreateClient();

        Assert.False(Directory.Exists(orphan));
    }

    private sealed class DataDirectoryFactory(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.UseSetting("WebOcperf:DataDirectory", dataDirectory);
    }
}
