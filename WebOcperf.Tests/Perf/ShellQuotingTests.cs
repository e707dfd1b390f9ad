using System.Diagnostics;
using WebOcperf.Perf;

namespace WebOcperf.Tests.Perf;

public sealed class ShellQuotingTests
{
    [Fact]
    public async Task A_quoted_command_line_gives_the_shell_back_the_same_arguments()
    {
        string[] arguments = ["plain", "with space", "it's", "$HOME", "`id`", "a\nb", "", "ünï", "-x", ","];

        var startInfo = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("for a in " + ShellQuoting.Join(arguments) + "; do printf '%s\\0' \"$a\"; done");
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(arguments, output.Split('\0')[..^1]);
    }

    [Fact]
    public void Safe_arguments_stay_unquoted()
    {
        Assert.Equal("perf stat -x , -e task-clock:u,cpu/event=0x3c/", ShellQuoting.Join(["perf", "stat", "-x", ",", "-e", "task-clock:u,cpu/event=0x3c/"]));
    }
}
