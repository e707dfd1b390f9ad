using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Data;

/// <summary>One server per data directory: a second one refuses to start instead of interrupting the first one's runs.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TemporaryDataDirectory dataDirectory = new("webocperf-lock-");

    public void Dispose() => dataDirectory.Dispose();

    [Fact]
    public void A_held_lock_refuses_a_second_holder_naming_the_first_ones_pid_until_it_is_released()
    {
        var first = DataDirectoryLock.Acquire(dataDirectory.Path);

        var refused = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(dataDirectory.Path));
        Assert.Equal(Environment.ProcessId, refused.OtherPid);
        Assert.Contains($"(pid {Environment.ProcessId})", refused.Message);
        Assert.Contains(dataDirectory.Path, refused.Message);

        first.Dispose();
        using var second = DataDirectoryLock.Acquire(dataDirectory.Path);
        Assert.Equal($"{Environment.ProcessId}", File.ReadAllText(Path.Combine(dataDirectory.Path, DataDirectoryLock.PidFileName)).Trim());
    }

    [Fact]
    public async Task A_second_server_on_the_data_directory_refuses_to_start_and_leaves_the_first_ones_run_running()
    {
        await using var first = await ServerProcess.StartAsync(dataDirectory.Path);
        var api = new ApiClient(first.Http);
        var session = await api.CreateSessionAsync("lock");
        var running = (await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(60), events = new[] { "task-clock" }, interval = 100 })).Id;
        await api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(90), e => e.Type == "sample");
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(dataDirectory.Path));

            Assert.Contains($"Another WebOcperf server (pid {first.Pid}) is using the data directory", refused.Message);
            Assert.Equal(BenchmarkStatus.Running, (await api.GetAsync(running)).Status);
            Assert.NotEmpty(Processes.InGroup(Processes.GroupOf(running)));
        }
        finally
        {
            // the run's perf leads its own group and would outlive the killed server
            await first.Http.PostAsync($"api/v1/benchmark/{running}/cancel", null);
            await api.WaitUntilFinishedAsync(running);
        }
    }
}
