using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Tests.Hosts;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running.Remote;

/// <summary>Benchmarks run on a host over a real sshd on loopback, through the same API and event stream as local runs.</summary>
public sealed class RemoteRunTests(RemoteHostFixture fixture) : IClassFixture<RemoteHostFixture>
{
    private readonly ApiClient api = new(fixture.App.CreateClient());

    [Fact]
    public async Task A_stat_run_on_a_host_streams_its_intervals_while_it_runs_and_ends_with_the_shape_of_a_local_run()
    {
        var session = await api.CreateSessionAsync("remote stat");
        var workload = ApiClient.BusyLoop(1.5);

        var remote = await api.SubmitAsync(session.Id, new { workload, events = new[] { "task-clock" }, interval = 100, host = "loopback" });
        var events = await api.ReadStreamAsync(remote.Id, null, TimeSpan.FromSeconds(90));
        var local = await api.SubmitAsync(session.Id, new { workload, events = new[] { "task-clock" }, interval = 100 });
        var localDone = await api.WaitUntilFinishedAsync(local.Id, TimeSpan.FromSeconds(90));
        var remoteDone = await api.GetAsync(remote.Id);

        Assert.Equal(BenchmarkStatus.Succeeded, remoteDone.Status);
        Assert.Equal("loopback", remoteDone.Host);
        Assert.Equal("local", localDone.Host);
        var samples = events.Where(e => e.Type == "sample").ToList();
        var doneAt = events.Single(e => e.Type == "done").ArrivedAt;
        // live: samples arrived over the run's duration, not all at its end
        Assert.True(samples.Count >= 5, $"only {samples.Count} samples streamed");
        Assert.True((doneAt - samples[2].ArrivedAt).TotalSeconds > 0.5, "the samples arrived only at the end");
        Assert.Equal(localDone.Results!.Events.Count, remoteDone.Results!.Events.Count);
        Assert.InRange(remoteDone.Results.Intervals.Count, localDone.Results.Intervals.Count / 2, localDone.Results.Intervals.Count * 2);
        Assert.True(remoteDone.Results.Events[0].Total > 0);
        Assert.Contains("perf stat", remoteDone.CommandLine);
    }

    [Fact]
    public async Task A_run_on_a_host_records_that_hosts_machine_context_read_over_ssh()
    {
        var session = await api.CreateSessionAsync("remote context");

        var benchmark = await api.SubmitAsync(session.Id, new { workload = "true", host = "loopback" });
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(60));
        var page = await api.Http.GetStringAsync($"/benchmarks/{benchmark.Id}");

        Assert.Equal(BenchmarkStatus.Succeeded, done.Status);
        // what the host itself says, asked over a connection of the test's own
        var facts = (await fixture.Ssh.ShellAsync("uname -r; perf --version; grep -c ^processor /proc/cpuinfo; sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1"))
            .Split('\n', StringSplitOptions.TrimEntries);
        Assert.NotNull(done.Context);
        Assert.Equal(facts[0], done.Context.Kernel);
        Assert.Equal(facts[1].Replace("perf version ", "", StringComparison.Ordinal), done.Context.PerfVersion);
        Assert.Equal(int.Parse(facts[2], System.Globalization.CultureInfo.InvariantCulture), done.Context.OnlineCpus);
        Assert.Equal(facts[3], done.Context.CpuModel);
        Assert.NotNull(done.Context.LoadAverage[0]);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(facts[3]), page);
    }

    [Fact]
    public async Task A_process_that_left_perfs_group_on_the_host_is_ended_there_when_the_run_ends()
    {
        var session = await api.CreateSessionAsync("remote setsid");
        // the host is this machine: the sleep's own process is found by its argv, which the shells write with a space
        var sleep = $"sleep 1222.{Random.Shared.Next(100_000, 999_999)}";

        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = $"setsid {sleep} >/dev/null 2>&1 & echo started",
            events = new[] { "task-clock" },
            host = "loopback",
        });
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(60));

        Assert.Equal((BenchmarkStatus.Succeeded, null), (done.Status, done.Error));
        Assert.Empty(Processes.Mentioning(sleep.Replace(' ', '\0')));
        Assert.Matches(@"\[WebOcperf ended 1 process of this run left running outside perf's process group \(e\.g\. by setsid\): \d+ \(sleep\)\]",
            await api.Http.GetStringAsync(done.Links.Log));
    }

    [Fact]
    public async Task A_workload_with_spaces_quotes_and_home_reaches_the_host_as_typed()
    {
        var session = await api.CreateSessionAsync("remote quoting");

        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = "printf '%s|' \"two  words\" 'it'\\''s' \"$HOME\" \"$GREETING\"; echo",
            env = new Dictionary<string, string> { ["GREETING"] = "hé; $(id) `x`\nsecond line" },
            host = "loopback",
        });
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(60));
        var log = await api.Http.GetStringAsync(done.Links.Log);

        Assert.Equal(BenchmarkStatus.Succeeded, done.Status);
        var home = (await fixture.Ssh.ShellAsync("printf '%s' \"$HOME\"")).Trim();
        Assert.Contains($"two  words|it's|{home}|hé; $(id) `x`\nsecond line|", log);
    }

    [Fact]
    public async Task A_record_run_on_a_host_gives_top_functions_and_a_downloadable_perf_data()
    {
        var session = await api.CreateSessionAsync("remote record");

        var benchmark = await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(1), tool = "record", callGraph = "fp", host = "loopback" });
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(BenchmarkStatus.Succeeded, done.Status);
        Assert.NotNull(done.Profile);
        Assert.True(done.Profile!.Samples > 0);
        Assert.NotEmpty(done.Profile.Events[0].TopFunctions);
        var folded = await api.Http.GetStringAsync($"/api/v1/benchmark/{benchmark.Id}.folded");
        Assert.Contains(';', folded);
        using var perfData = await api.Http.GetAsync($"/api/v1/benchmark/{benchmark.Id}.perfdata");
        Assert.Equal(HttpStatusCode.OK, perfData.StatusCode);
        Assert.True((await perfData.Content.ReadAsByteArrayAsync()).Length > 1000);
        // the .script download runs perf script on the host again
        var script = await api.Http.GetStringAsync($"/api/v1/benchmark/{benchmark.Id}.script");
        Assert.Contains("task-clock", script);
        Assert.Equal("", (await fixture.Ssh.ShellAsync($"ls -d /tmp/webocperf-$(id -un)/*{benchmark.Id:N}* 2>/dev/null")).Trim());
        // perf archive's bundle: the build-ids of the host's binaries, so that perf report symbolises it elsewhere
        using var archive = await api.Http.GetAsync($"/api/v1/benchmark/{benchmark.Id}.archive");
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        var bundle = await archive.Content.ReadAsByteArrayAsync();
        Assert.Equal("BZh"u8.ToArray(), bundle[..3]);
        var listing = await TarListingAsync(bundle);
        Assert.Contains(".build-id/", listing);
        Assert.Contains("usr/bin/dash/", listing);
        Assert.Contains("/download/archive", await api.Http.GetStringAsync($"/benchmarks/{benchmark.Id}"));
    }

    /// <summary>The names in a .tar.bz2, as tar lists them.</summary>
    private static async Task<string> TarListingAsync(byte[] bundle)
    {
        var path = Path.Combine(Path.GetTempPath(), $"webocperf-archive-{Guid.NewGuid():N}.tar.bz2");
        await File.WriteAllBytesAsync(path, bundle);
        try
        {
            var startInfo = new System.Diagnostics.ProcessStartInfo("tar", ["tjf", path]) { RedirectStandardOutput = true };
            using var tar = System.Diagnostics.Process.Start(startInfo)!;
            var listing = await tar.StandardOutput.ReadToEndAsync();
            await tar.WaitForExitAsync();
            Assert.Equal(0, tar.ExitCode);
            return listing;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Stop_ends_the_remote_process_group_and_keeps_the_data_so_far()
    {
        var session = await api.CreateSessionAsync("remote stop");
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = "echo started; " + ApiClient.BusyLoop(60), events = new[] { "task-clock" }, interval = 100, host = "loopback",
        });
        await api.ReadStreamAsync(benchmark.Id, null, TimeSpan.FromSeconds(60), e => e.Type == "sample");
        var running = await api.GetAsync(benchmark.Id);

        using var cancel = await api.Http.PostAsync($"/api/v1/benchmark/{benchmark.Id}/cancel", null);
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(BenchmarkStatus.Cancelled, done.Status);
        Assert.NotEmpty(done.Results!.Intervals);
        Assert.Equal("", (await fixture.Ssh.ShellAsync("pgrep -u \"$(id -un)\" -f 'date \\+%s%N' || true")).Trim());
    }

    [Fact]
    public async Task A_cut_connection_fails_the_run_with_the_time_it_was_lost_and_keeps_what_arrived()
    {
        var session = await api.CreateSessionAsync("remote cut");
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = ApiClient.BusyLoop(60), events = new[] { "task-clock" }, interval = 100, host = "loopback",
        });
        await api.ReadStreamAsync(benchmark.Id, null, TimeSpan.FromSeconds(60), e => e.Type == "sample");

        Assert.True(fixture.Ssh.KillSessions() > 0);
        var done = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(BenchmarkStatus.Failed, done.Status);
        Assert.StartsWith("connection to loopback lost at ", done.Error);
        Assert.NotEmpty(done.Results!.Intervals);
        // reachable again at once: the run's group was ended
        Assert.Equal("", (await fixture.Ssh.ShellAsync("pgrep -u \"$(id -un)\" -f 'date \\+%s%N' || true")).Trim());
    }

    [Theory]
    [InlineData("closed", "refused the connection")]
    [InlineData("impostor", "CHANGED")]
    public async Task A_host_that_cannot_be_reached_is_refused_at_once_and_nothing_is_queued(string host, string expected)
    {
        var session = await api.CreateSessionAsync($"remote {host}");

        using var response = await api.Http.PostAsJsonAsync($"/api/v1/session/{session.Id}", new { workload = "true", host });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Empty((await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session.Id}")).EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_host_is_a_400_naming_the_choices()
    {
        var session = await api.CreateSessionAsync("remote unknown");

        using var response = await api.Http.PostAsJsonAsync($"/api/v1/session/{session.Id}", new { workload = "true", host = "-oProxyCommand=x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("local, loopback", body.GetProperty("errors").GetProperty("host")[0].GetString());
    }
}
