using System.Text;
using WebOcperf.Perf.Catalog;

namespace WebOcperf.Running;

/// <summary>Runs <c>perf list</c> on a target (the process part of the catalog; parsing is in <see cref="PerfListParser"/>).</summary>
public static class PerfList
{
    /// <summary>No pager, and perf's own output language.</summary>
    private static readonly KeyValuePair<string, string>[] Environment = [new("PAGER", "cat"), new("LC_ALL", "C")];

    public static async Task<PerfListOutput> RunAsync(IRunTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? text = null;
        CommandResult result;
        try
        {
            result = await target.RunCommandAsync(TargetCommand.Perf(["list"], Environment, timeout: timeout),
                async (stdout, token) =>
                {
                    using var reader = new StreamReader(stdout, Encoding.UTF8);
                    text = await reader.ReadToEndAsync(token);
                },
                cancellationToken);
        }
        catch (RunTargetException e)
        {
            return new PerfListOutput(null, e.Message);
        }
        if (result.TimedOut)
        {
            return new PerfListOutput(null, $"{target.PerfPath} list did not finish within {timeout.TotalSeconds:0} s");
        }
        return result.ExitCode == 0
            ? new PerfListOutput(text, null)
            : new PerfListOutput(text, $"{target.PerfPath} list exited with {result.ExitCode}: {result.Stderr.Trim()}");
    }
}
