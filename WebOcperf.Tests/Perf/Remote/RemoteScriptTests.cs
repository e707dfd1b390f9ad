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
        var output = await RunShAsync($"printf '%s' {RemoteScript.Word(word)}");

        Assert.Equal(word, output);
    }

    [Fact]
    public async Task A_scratch_path_becomes_the_scratch_variable_and_its_name_stays_quoted()
    {
        var output = await RunShAsync($"scratch='/tmp/x y'; printf '%s|' {RemoteScript.Words([RemoteScript.InScratch("perf stat.csv"), "$scratch"])}");

        Assert.Equal("/tmp/x y/perf stat.csv|$scratch|", output);
    }

    [Fact]
    public void The_run_script_never_lets_a_workload_or_value_out_of_its_quotes()
    {
        var invocation = new WorkloadInvocation("echo \"$HOME\"; echo 'it''s'", RemoteScript.InScratch("workload-status"),
            RemoteScript.InScratch(RemoteScript.GroupIdFile));
        var arguments = PerfStatCommand.Arguments(["task-clock"], 100, RemoteScript.InScratch("perf-stat.csv"), invocation);

        var script = RemoteScript.Run("perf", arguments, [new("GREETING", "hello; $(reboot)\nworld")], "/srv/my dir", null, 0);

        Assert.Contains("'echo \"$HOME\"; echo '\\''it'\\'''\\''s'\\'''", script);
        Assert.Contains("'GREETING=hello; $(reboot)\nworld'", script);
        Assert.Contains("cd -- '/srv/my dir'", script);
        Assert.Contains("setsid -w env ", script);
        Assert.Contains("-o \"$scratch\"/perf-stat.csv", script);
        Assert.DoesNotContain('\0', script);
    }

    private static async Task<string> RunShAsync(string script)
    {
        var startInfo = new ProcessStartInfo("/bin/sh", ["-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(startInfo)!;
        var stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false));
        await stdin.WriteAsync(script);
        await stdin.DisposeAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
