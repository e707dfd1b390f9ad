using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running.Remote;

/// <summary>
/// A server killed while perf runs on a host (a real sshd on loopback): perf's group there outlives it, and the
/// restarted server reaches the host, ends that group and marks the run Interrupted with what it had written.
/// </summary>
public sealed class RemoteCrashRecoveryTests : IAsyncLifetime
{
    private readonly TemporaryDataDirectory dataDirectory = new("webocperf-remote-crash-");
    private SshServer ssh = null!;

    public async ValueTask InitializeAsync() => ssh = await SshServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await ssh.DisposeAsync();
        dataDirectory.Dispose();
    }

    /// <summary>The server's settings for the host, as environment variables (<c>WebOcperf__Hosts__0__Name</c>).</summary>
    private ServerOptions Options() => new(dataDirectory.Path)
    {
        Environment = ssh.HostSettings("loopback").ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!),
    };

    /// <summary>The host user's processes whose command line holds <paramref name="marker"/>.</summary>
    private async Task<string> RemoteProcessesAsync(string marker) =>
        (await ssh.ShellAsync($"pgrep -u \"$(id -un)\" -f '{marker}' || true")).Trim();

    [Fact]
    public async Task After_sigkill_a_run_on_a_host_is_interrupted_its_remote_group_ended_and_its_intervals_kept()
    {
        // a marker only this test's workload carries (other tests look for their own among the host user's processes)
        var marker = $"crash-{Guid.NewGuid():N}";
        Guid running;
        await using (var first = await ServerProcess.StartAsync(Options()))
        {
            var api = new ApiClient(first.Http);
            var session = await api.CreateSessionAsync("remote crash");
            running = (await api.SubmitAsync(session.Id, new
            {
                // bounded by the clock, in the run's process group (timeout(1) would make a group of its own), and
                // not ApiClient.BusyLoop's text, which other tests look for among the host user's processes
                workload = $": {marker}; end=$(( $(date +%s) + 120 )); while [ $(date +%s) -lt $end ]; do :; done",
                events = new[] { "task-clock" },
                interval = 100,
                host = "loopback",
            })).Id;
            await api.ReadStreamAsync(running, null, TimeSpan.FromSeconds(90), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 4);

            await first.KillAsync();
        }
        // perf runs in its own session on the host: the server's death does not end it
        Assert.NotEqual("", await RemoteProcessesAsync(marker));

        await using var second = await ServerProcess.StartAsync(Options());
        var interrupted = await new ApiClient(second.Http).GetAsync(running);

        Assert.Equal(BenchmarkStatus.Interrupted, interrupted.Status);
        Assert.Contains("stopped while this ran", interrupted.Error);
        Assert.Equal("loopback", interrupted.Host);
        Assert.Equal("", await RemoteProcessesAsync(marker));
        // what perf wrote on the host was fetched before its scratch directory was removed
        Assert.True(interrupted.Results!.Intervals.Count >= 5, $"{interrupted.Results.Intervals.Count} intervals kept");
        Assert.Equal("", (await ssh.ShellAsync($"ls -d /tmp/webocperf-$(id -un)/run.{running:N}.* 2>/dev/null || true")).Trim());
    }
}
