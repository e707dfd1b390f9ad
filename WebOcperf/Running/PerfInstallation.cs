using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Running;

/// <summary>Finds the configured perf once at start-up, so every page can say plainly when it is missing.</summary>
public sealed class PerfInstallation
{
    public PerfInstallation(IOptions<WebOcperfOptions> options)
    {
        var configured = options.Value.PerfPath;
        ExecutablePath = Resolve(configured);
        if (ExecutablePath is null)
        {
            Problem = $"perf was not found (PerfPath is '{configured}'). Install linux-perf or set WebOcperf:PerfPath.";
            return;
        }
        try
        {
            var startInfo = new ProcessStartInfo(ExecutablePath, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(startInfo)!;
            Version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Problem = $"perf at {ExecutablePath} could not be started: {e.Message}";
            ExecutablePath = null;
        }
    }

    /// <summary>The full path of perf, or null when it is missing.</summary>
    public string? ExecutablePath { get; }

    /// <summary>e.g. "perf version 6.1.187".</summary>
    public string? Version { get; }

    /// <summary>Why runs cannot start, for the banner; null when perf is usable.</summary>
    public string? Problem { get; }

    public bool IsAvailable => ExecutablePath is not null;

    private static string? Resolve(string perfPath)
    {
        if (perfPath.Contains('/'))
        {
            return File.Exists(perfPath) ? Path.GetFullPath(perfPath) : null;
        }
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, perfPath))
            .FirstOrDefault(File.Exists);
    }
}
