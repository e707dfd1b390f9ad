using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Perf.Remote;

namespace WebOcperf.Running.Remote;

/// <summary>The outcome of checking one machine: whether perf can run there, and what its kernel allows.</summary>
/// <param name="Name">The host's name; <see cref="RemoteHostOptions.LocalName"/> for this machine.</param>
/// <param name="Destination">The ssh destination; null for this machine.</param>
/// <param name="Problem">Why runs cannot start there (unreachable, host key, no perf), in words that say the fix.</param>
public sealed record HostStatus(string Name, string? Destination, HostFacts? Facts, string? Problem, DateTime CheckedAt, TimeSpan Took)
{
    public bool IsLocal => Destination is null;
    public bool Reachable => Facts is not null;
    public bool CanRun => Problem is null;
}

/// <summary>
/// Checks machines on demand and before each run (the preflight): reaches the host over its shared ssh connection and
/// reads perf's version, the kernel, the CPU, the PMUs and the kernel's perf limits. Results are kept for
/// <see cref="WebOcperfOptions.HostCheckCacheDuration"/>, so that a burst of runs costs one check.
/// </summary>
public sealed partial class HostChecks(SshClient ssh, PerfInstallation localPerf, IOptions<WebOcperfOptions> options,
    TimeProvider time, ILogger<HostChecks> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HostStatus>>> checks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every machine a run can be sent to: this one first, then the configured hosts in their order.</summary>
    public IReadOnlyList<string> Names => [RemoteHostOptions.LocalName, .. options.Value.Hosts.Select(h => h.Name)];

    /// <summary>Whether the name is this machine (empty or <c>local</c>).</summary>
    public static bool IsLocal(string? name) =>
        string.IsNullOrEmpty(name) || string.Equals(name, RemoteHostOptions.LocalName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the host is one of <paramref name="names"/> (empty means this machine); the message names the choices.
    /// Only configured hosts can be chosen, never an ssh destination or option.
    /// </summary>
    public static string? ValidateName(string? host, IReadOnlyList<string> names) =>
        string.IsNullOrEmpty(host) || names.Contains(host, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"'{Perf.TextPreview.Shorten(host)}' is not a host here; choose one of {string.Join(", ", names)} (see /hosts).";

    /// <summary>The configured spelling of a host name, or null when no host has it (local is <c>local</c>).</summary>
    public string? Canonical(string? name) =>
        IsLocal(name) ? RemoteHostOptions.LocalName : options.Value.FindHost(name)?.Name;

    /// <summary>The host's state, from the cache when it is recent; <paramref name="fresh"/> always checks again.</summary>
    public async Task<HostStatus> CheckAsync(string name, bool fresh, CancellationToken cancellationToken)
    {
        var canonical = Canonical(name) ?? throw new ArgumentException($"no host is named {name}", nameof(name));
        var created = false;
        var entry = checks.GetOrAdd(canonical, key =>
        {
            created = true;
            return new Lazy<Task<HostStatus>>(() => RunCheckAsync(key));
        });
        var status = await entry.Value.WaitAsync(cancellationToken);
        if (created || !fresh && time.GetUtcNow().UtcDateTime - status.CheckedAt <= options.Value.HostCheckCacheDuration)
        {
            return status;
        }
        // replace the old result; whoever asks at the same moment shares the new check
        var replacement = new Lazy<Task<HostStatus>>(() => RunCheckAsync(canonical));
        var current = checks.AddOrUpdate(canonical, replacement, (_, old) => old == entry ? replacement : old);
        return await current.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets a host's last check, e.g. after its connection was lost.</summary>
    public void Forget(string name) => checks.TryRemove(Canonical(name) ?? name, out _);

    /// <summary>The last check made, without checking: null when there was none.</summary>
    public HostStatus? Cached(string name) =>
        checks.TryGetValue(Canonical(name) ?? name, out var entry) && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

    private async Task<HostStatus> RunCheckAsync(string name)
    {
        var stopwatch = Stopwatch.StartNew();
        var timeout = options.Value.SshConnectTimeout + TimeSpan.FromSeconds(20);
        HostStatus status;
        if (IsLocal(name))
        {
            status = await CheckLocalAsync(timeout, stopwatch);
        }
        else
        {
            var host = options.Value.FindHost(name)!;
            var perfPath = string.IsNullOrWhiteSpace(host.PerfPath) ? "perf" : host.PerfPath;
            var result = await ssh.RunAsync(host, HostFacts.Script(perfPath), timeout, CancellationToken.None);
            if (result.ConnectionError is { } error)
            {
                status = new HostStatus(host.Name, host.Destination, null, error, time.GetUtcNow().UtcDateTime, stopwatch.Elapsed);
            }
            else
            {
                var facts = HostFacts.Parse(result.Stdout);
                status = new HostStatus(host.Name, host.Destination, facts, facts.PerfProblem is { } p ? $"{host.Name}: {p}" : null,
                    time.GetUtcNow().UtcDateTime, stopwatch.Elapsed);
            }
        }
        LogChecked(status.Name, status.Problem ?? "ready", stopwatch.ElapsedMilliseconds);
        return status;
    }

    private async Task<HostStatus> CheckLocalAsync(TimeSpan timeout, Stopwatch stopwatch)
    {
        var startInfo = new ProcessStartInfo("/bin/sh", ["-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync(HostFacts.Script(localPerf.ExecutablePath ?? options.Value.PerfPath));
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        var output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        var facts = HostFacts.Parse(output);
        return new HostStatus(RemoteHostOptions.LocalName, null, facts, localPerf.Problem, time.GetUtcNow().UtcDateTime, stopwatch.Elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checked host {Host}: {Outcome} ({Elapsed} ms)")]
    private partial void LogChecked(string host, string outcome, long elapsed);
}
