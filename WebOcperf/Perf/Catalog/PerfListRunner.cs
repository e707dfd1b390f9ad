using System.ComponentModel;
using System.Diagnostics;

namespace WebOcperf.Perf.Catalog;

/// <summary>The text <c>perf list</c> printed, or why it could not be run.</summary>
public sealed record PerfListOutput(string? Text, string? Error);

/// <summary>Runs <c>perf list</c> (the process part of the catalog; parsing is in <see cref="PerfListParser"/>).</summary>
public static class PerfListRunner
{
    public static async Task<PerfListOutput> RunAsync(string perfPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(perfPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("list");
        // no pager, and perf's own output language
        startInfo.Environment["PAGER"] = "cat";
        startInfo.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new PerfListOutput(null, $"cannot run {perfPath} list: {e.Message}");
        }
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
            var text = await stdout;
            var errors = await stderr;
            return process.ExitCode == 0
                ? new PerfListOutput(text, null)
                : new PerfListOutput(text, $"{perfPath} list exited with {process.ExitCode}: {errors.Trim()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new PerfListOutput(null, $"{perfPath} list did not finish within {timeout.TotalSeconds:0} s");
        }
    }
}
