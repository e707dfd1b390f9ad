using System.Diagnostics;
using WebOcperf.Perf;

namespace WebOcperf.Tests.Perf;

public sealed class PerfStatCommandTests
{
    public static TheoryData<string> OddWorkloads => new()
    {
        "echo 'single quotes' \"double quotes\"",
        "echo one; echo two",
        "echo $(echo nested) `echo backticks`",
        "printf '%s\\n' \"ünïcødé ✓ 中文\"",
        "echo first\necho second line",
        "echo a && false || echo b | tr b c",
        "X='$HOME'; echo \"$X\" '$HOME'",
        "echo -- -e -I 100 -o /etc/passwd",
    };

    [Theory]
    [MemberData(nameof(OddWorkloads))]
    public void The_workload_is_one_argument_after_sh_c(string workload)
    {
        var invocation = new WorkloadInvocation(workload, "/tmp/status");

        var arguments = PerfStatCommand.Arguments(["task-clock"], 100, "/data/perf-stat.csv", invocation);

        var separator = arguments.ToList().IndexOf("--");
        Assert.Equal(["stat", "-x", ",", "-I", "100", "-e", "task-clock", "-o", "/data/perf-stat.csv"], arguments.Take(separator));
        Assert.Equal([WorkloadInvocation.Shell, "-c", WorkloadInvocation.WrapperScript, WorkloadInvocation.WrapperName, workload, "/tmp/status"],
            arguments.Skip(separator + 1));
    }

    [Theory]
    [MemberData(nameof(OddWorkloads))]
    public async Task The_wrapper_runs_the_workload_exactly_as_sh_c_would(string workload)
    {
        var statusFile = Path.GetTempFileName();
        try
        {
            var direct = await RunAsync(["/bin/sh", "-c", workload]);
            var wrapped = await RunAsync(new WorkloadInvocation(workload, statusFile).Arguments);

            Assert.Equal(direct.Output, wrapped.Output);
            Assert.Equal(direct.ExitCode.ToString(), File.ReadAllText(statusFile).Trim());
        }
        finally
        {
            File.Delete(statusFile);
        }
    }

    [Fact]
    public async Task The_wrapper_records_the_workload_status_and_exits_with_it()
    {
        var statusFile = Path.GetTempFileName();
        try
        {
            var run = await RunAsync(new WorkloadInvocation("echo out; echo err >&2; exit 3", statusFile).Arguments);

            Assert.Equal(3, run.ExitCode);
            Assert.Equal("3", File.ReadAllText(statusFile).Trim());
            Assert.Equal("out\nerr\n", run.Output);
        }
        finally
        {
            File.Delete(statusFile);
        }
    }

    [Fact]
    public void No_interval_means_totals_and_no_events_means_perfs_defaults()
    {
        var arguments = PerfStatCommand.Arguments([], null, "/o.csv", new WorkloadInvocation("true", "/s"));

        Assert.DoesNotContain("-I", arguments);
        Assert.DoesNotContain("-e", arguments);
    }

    private static async Task<(string Output, int ExitCode)> RunAsync(IReadOnlyList<string> command)
    {
        var startInfo = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (output, process.ExitCode);
    }
}
