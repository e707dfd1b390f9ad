using System.Diagnostics;
using WebOcperf.Perf.Remote;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

/// <summary>The environment tag finds a run's processes wherever they went, setsid included, and only them.</summary>
public sealed class RunProcessTagTests
{
    /// <summary>Starts, tagged for <paramref name="benchmarkId"/>, a shell that leaves a <c>setsid sleep</c> behind and exits.</summary>
    private static async Task<string> LeaveASetsidSleepAsync(Guid benchmarkId, string seconds)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"setsid sleep {seconds} >/dev/null 2>&1 & echo $!" }, RedirectStandardOutput = true };
        var (name, value) = RunProcessTag.For(benchmarkId);
        startInfo.Environment[name] = value;
        using var shell = Process.Start(startInfo)!;
        var pid = (await shell.StandardOutput.ReadToEndAsync()).Trim();
        await shell.WaitForExitAsync();
        // $! is known once setsid has forked, before it has exec'd sleep: on a loaded machine the process may still be
        // called "setsid" for a while, and the tests name what they end
        var comm = $"/proc/{pid}/comm";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(10))
        {
            if (File.Exists(comm) && File.ReadAllText(comm).Trim() == "sleep")
            {
                return pid;
            }
        }
        throw new TimeoutException($"process {pid} did not become sleep in 30 s");
    }

    [Fact]
    public async Task A_process_that_left_the_run_by_setsid_is_found_by_its_tag_and_ended_and_others_are_left_alone()
    {
        var run = Guid.NewGuid();
        var other = Guid.NewGuid();
        var escaped = await LeaveASetsidSleepAsync(run, "1222");
        var bystander = await LeaveASetsidSleepAsync(other, "1223");
        try
        {
            var found = RunProcessTag.Find(run);
            Assert.Equal([escaped], found.Select(p => p.Pid.ToString()));
            Assert.Equal("sleep", found[0].Command);

            var ended = await RunProcessTag.EndAllAsync(run, TestContext.Current.CancellationToken);

            Assert.Equal([escaped], ended.Select(p => p.Pid.ToString()));
            Assert.Empty(RunProcessTag.Find(run));
            Assert.Single(RunProcessTag.Find(other));
            Assert.Contains($"ended 1 process of this run left running outside perf's process group (e.g. by setsid): {escaped} (sleep)",
                RunProcessTag.Describe(ended));
        }
        finally
        {
            await RunProcessTag.EndAllAsync(run);
            await RunProcessTag.EndAllAsync(other);
        }
        Assert.Empty(RunProcessTag.Find(other));
        Assert.Null(RunProcessTag.Describe([]));
    }

    [Fact]
    public async Task A_hosts_script_ends_the_tagged_processes_from_its_own_proc_and_reports_each_once()
    {
        var run = Guid.NewGuid();
        var other = Guid.NewGuid();
        var escaped = await LeaveASetsidSleepAsync(run, "1224");
        var bystander = await LeaveASetsidSleepAsync(other, "1225");
        try
        {
            // the script of a remote run's end, fed to /bin/sh -s as ssh does, on this machine's /proc
            var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-s"]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
            await shell.StandardInput.WriteAsync(RemoteScript.EndTagged(RunProcessTag.Entry(run)) + "echo 7\n");
            shell.StandardInput.Close();
            var output = await shell.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await shell.WaitForExitAsync(TestContext.Current.CancellationToken);

            var (ended, rest) = RunProcessTag.ParseReport(output);

            Assert.Equal([$"{escaped} (sleep)"], ended.Select(p => p.ToString()));
            Assert.Equal("7", rest.Trim());
            Assert.Empty(RunProcessTag.Find(run));
            Assert.Equal([bystander], RunProcessTag.Find(other).Select(p => p.Pid.ToString()));
        }
        finally
        {
            await RunProcessTag.EndAllAsync(run);
            await RunProcessTag.EndAllAsync(other);
        }
    }

    [Fact]
    public void A_report_names_each_process_once_and_keeps_the_rest_of_the_output()
    {
        var (ended, rest) = RunProcessTag.ParseReport(
            $"{RemoteScript.EndedMarker}41 sleep\n{RemoteScript.EndedMarker}42 my worker\n{RemoteScript.EndedMarker}41 sleep\nended\n");

        Assert.Equal(["41 (sleep)", "42 (my worker)"], ended.Select(p => p.ToString()));
        Assert.Equal("ended", rest.Trim());
    }
}
