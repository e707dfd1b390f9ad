using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Running;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>Starting and stopping perf on this machine, without a server around it.</summary>
public sealed class LocalPerfProcessTests : IDisposable
{
    private readonly TemporaryDataDirectory directory = new("webocperf-localperf-");

    public void Dispose() => directory.Dispose();

    /// <summary>
    /// A stop queued for a run that has not started yet is applied the moment perf is started (a user pressed Stop
    /// between two repetitions). At that moment <c>setsid</c> may not have made perf's process group yet, so a signal to
    /// the group alone finds nobody and the run would go on to its end. A moment later perf may take the SIGINT before it
    /// has started its workload, and perf stat (without -I) then waits for a workload that never got it: the stop is
    /// asked again until perf has ended.
    /// </summary>
    [Fact]
    public async Task A_stop_asked_for_the_moment_perf_starts_ends_the_run()
    {
        var perfPath = new PerfInstallation(Options.Create(new WebOcperfOptions())).ExecutablePath;
        Assert.NotNull(perfPath);
        for (var attempt = 0; attempt < 25; attempt++)
        {
            var results = new InvocationFiles(Guid.NewGuid(), Path.Combine(directory.Path, $"run-{attempt}"));
            Directory.CreateDirectory(results.Directory);
            var area = new RunArea(results.Directory, results);
            var start = new PerfStart(area, ["stat", "-x,", "-e", "task-clock", "-o", results.StatCsv, "--", "sleep", "30"],
                [], null, results.WorkloadStatus, 1 << 20);
            var clock = Stopwatch.StartNew();
            await using var perf = LocalPerfProcess.Start(perfPath, start, directory.Path);
            perf.RequestStop(StopReason.Cancelled);
            var exit = await perf.WaitAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

            Assert.Equal(StopReason.Cancelled, exit.StopReason);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"attempt {attempt}: the stop took {clock.Elapsed}");
            Assert.False(ProcessGroup.HasRunningMembers(perf.GroupId), $"attempt {attempt}: something of the run still runs");
        }
    }
}
