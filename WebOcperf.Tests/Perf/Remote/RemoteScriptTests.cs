using System.Diagnostics;
using System.Text;
using WebOcperf.Perf;
using WebOcperf.Perf.Remote;

namespace WebOcperf.Tests.Perf.Remote;

public sealed class RemoteScriptTests
{
    public static TheoryData<string> AwkwardWords => new()
    {
        "plain",
        "with spaces  and\ttabs",
        "single ' quote and \"double\" quotes",
        "$HOME $(id -u) `id -u` ${PATH}",
        "a; rm -rf /nonexistent; echo",
        "line one\nline two\n",
        "Grüße, 日本語, emoji 🚀",
        "back\\slash and glob * ? [a]",
        "-starts-with-dash",
        "",
    };

    [Theory]
    [MemberData(nameof(AwkwardWords))]
    public async Task A_quoted_word_reaches_the_program_as_it_was(string word)
    {
        var (output, _, _) = await RunShAsync($"printf '%s|' {RemoteScript.Words([word, word])}");

        Assert.Equal($"{word}|{word}|", output);
    }

    [Theory]
    [MemberData(nameof(AwkwardWords))]
    public async Task A_command_gets_its_arguments_and_environment_as_they_were(string word)
    {
        var (output, _, _) = await RunShAsync(RemoteScript.Command("/bin/sh", ["-c", "printf '%s|%s' \"$1\" \"$VALUE\"", "sh", word],
            [new("VALUE", word)], "/"));

        Assert.Equal($"{word}|{word}", output);
    }

    [Fact]
    public async Task The_run_script_says_perfs_group_runs_it_in_a_new_session_and_reports_its_status()
    {
        // sh stands in for perf: its pid must be its group's and its session's
        var script = RemoteScript.StartPerf("/bin/sh", ["-c", "ps -o pid=,pgid=,sid= -p $$; exit 3"], [], "/");

        var (output, errors, status) = await RunShAsync(script);

        var group = errors.Split('\n').Single(l => l.StartsWith(RemoteScript.GroupMarker, StringComparison.Ordinal))[RemoteScript.GroupMarker.Length..];
        Assert.Equal([group, group, group], output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"{RemoteScript.ExitMarker}3", errors);
        Assert.Equal(3, status);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_named_scratch_directory_is_made_for_its_owner_only_once_and_not_where_space_is_short()
    {
        var parent = Path.Combine(Directory.CreateTempSubdirectory("webocperf-scratch-test-").FullName, "webocperf-user");
        var scratch = $"{parent}/run.0123.AbCdEfGh";
        var start = RemoteScript.StartPerf("/bin/sh", ["-c", "pwd"], [], scratch);
        try
        {
            var (output, _, status) = await RunShAsync(RemoteScript.MakeNamedScratch(parent, scratch, 1) + start);

            Assert.Equal(0, status);
            Assert.Equal(scratch, output.Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(scratch));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(parent));

            // a name that is taken (by a file, a directory or a link an attacker placed) is refused, as mktemp would
            var (_, errors, again) = await RunShAsync(RemoteScript.MakeNamedScratch(parent, scratch, 0) + start);
            Assert.Equal(RemoteScript.SetupFailedStatus, again);
            Assert.Contains($"no scratch directory could be made in {parent}", errors);

            var full = $"{parent}/run.0123.full";
            var (_, fullErrors, fullStatus) = await RunShAsync(RemoteScript.MakeNamedScratch(parent, full, long.MaxValue / 2) + start);
            Assert.Equal(RemoteScript.SetupFailedStatus, fullStatus);
            Assert.Contains("KiB are needed", fullErrors);
            Assert.False(Directory.Exists(full), "the refused scratch directory is removed again");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(parent)!, recursive: true);
        }
    }

    [Fact]
    public async Task Following_a_file_perf_has_not_made_yet_prints_it_from_its_first_line_and_ends_after_perf()
    {
        var directory = Directory.CreateTempSubdirectory("webocperf-follow-test-").FullName;
        var path = Path.Combine(directory, "perf-stat.csv");
        // sleep stands in for perf: the follower ends once it has gone
        using var perf = Process.Start("sleep", "1.5");
        try
        {
            var following = RunShAsync(RemoteScript.Follow(path, perf.Id));
            await Task.Delay(300);
            await File.WriteAllTextAsync(path, "first\n");
            await Task.Delay(200);
            await File.AppendAllTextAsync(path, "second\n");

            var (output, _, _) = await following.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal("first\nsecond\n", output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_run_script_never_lets_a_workload_or_value_out_of_its_quotes()
    {
        var invocation = new WorkloadInvocation("echo \"$HOME\"; rm -rf 'x'", "/tmp/run.x/workload-status");
        var arguments = PerfStatCommand.Arguments(["task-clock"], 100, "/tmp/run.x/perf-stat.csv", invocation);

        var script = RemoteScript.StartPerf("perf", arguments, [new("GREETING", "hello; $(reboot)\nworld")], "/srv/my dir");

        Assert.Contains(ShellQuoting.Quote("echo \"$HOME\"; rm -rf 'x'"), script);
        Assert.Contains("env 'GREETING=hello; $(reboot)\nworld' perf stat", script);
        Assert.Contains("cd -- '/srv/my dir'", script);
        Assert.Contains("setsid -w ", script);
    }

    private static async Task<(string Output, string Errors, int Status)> RunShAsync(string script)
    {
        var startInfo = new ProcessStartInfo("/bin/sh", ["-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(startInfo)!;
        var stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false));
        await stdin.WriteAsync(script);
        await stdin.DisposeAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output, await errors, process.ExitCode);
    }
}
