using System.Diagnostics;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf;

/// <summary>
/// The command line shown "as you would type it": no server files, no status wrapper, the workload one <c>sh -c</c>
/// argument — and pasted into a shell, it runs the workload exactly as <c>sh -c</c> would, under the real perf.
/// </summary>
public sealed class TypedCommandLineTests
{
    [Fact]
    public void A_stat_line_is_perfs_own_options_then_sh_c_and_the_workload_as_one_word()
    {
        var line = TypedCommandLine.Stat(["task-clock", "page-faults"], 100, "make && ./bench", []);

        Assert.Equal("perf stat -x , -I 100 -e task-clock,page-faults -- sh -c 'make && ./bench'", line);
    }

    [Fact]
    public void A_record_line_writes_perf_data_in_the_current_directory()
    {
        var line = TypedCommandLine.Record(["task-clock"], SamplingRate.Frequency(999), CallGraphMode.Dwarf, "./bench", []);

        Assert.Equal("perf record -e task-clock -F 999 --call-graph dwarf -o perf.data -- sh -c ./bench", line);
    }

    [Fact]
    public void Environment_variables_become_assignments_with_only_their_values_quoted()
    {
        var line = TypedCommandLine.Stat([], null, "true", [new("GREETING", "hello 'world'"), new("EMPTY", ""), new("N", "4")]);

        Assert.Equal("GREETING='hello '\\''world'\\''' EMPTY='' N=4 perf stat -x , -- sh -c true", line);
    }

    [Theory]
    [MemberData(nameof(PerfStatCommandTests.OddWorkloads), MemberType = typeof(PerfStatCommandTests))]
    public async Task Pasted_into_a_shell_perf_stat_runs_the_workload_as_sh_c_would(string workload)
    {
        var typed = TypedCommandLine.Stat(["task-clock"], null, workload, []);

        var direct = await RunAsync("/bin/sh", "-c", workload);
        var pasted = await RunAsync("/bin/sh", "-c", typed);

        Assert.Equal(direct.Output, pasted.Output);
        // perf stat without -o prints its counts on stderr: the run was measured
        Assert.Contains("task-clock", pasted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasted_into_a_shell_the_environment_reaches_the_workload()
    {
        var typed = TypedCommandLine.Stat([], null, "printf '%s|%s' \"$GREETING\" \"$EMPTY\"",
            [new("GREETING", "hello 'world' $HOME"), new("EMPTY", "")]);

        var pasted = await RunAsync("/bin/sh", "-c", typed);

        Assert.Equal("hello 'world' $HOME|", pasted.Output);
    }

    [Fact]
    public async Task Pasted_into_a_shell_perf_record_writes_perf_data_in_the_current_directory()
    {
        var directory = Directory.CreateTempSubdirectory("webocperf-typed-").FullName;
        try
        {
            var typed = TypedCommandLine.Record(["task-clock"], SamplingRate.Frequency(99), CallGraphMode.None,
                "echo one && echo two", []);

            var pasted = await RunAsync("/bin/sh", "-c", typed, workingDirectory: directory);

            Assert.Equal("one\ntwo\n", pasted.Output);
            Assert.True(File.Exists(Path.Combine(directory, "perf.data")), pasted.Error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(string Output, string Error)> RunAsync(string executable, string flag, string command,
        string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        startInfo.ArgumentList.Add(flag);
        startInfo.ArgumentList.Add(command);
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output, await error);
    }
}
