using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebOcperf.Data;
using WebOcperf.Infrastructure;
using WebOcperf.Running.Remote;

namespace WebOcperf.Running;

/// <summary>
/// The machine each benchmark runs on: this one (<see cref="LocalRunTarget"/>) or a configured host over ssh
/// (<see cref="SshRunTarget"/>, one per host, made on first use).
/// </summary>
public sealed class RunTargets(IRunTarget local, IServiceProvider services, IOptions<WebOcperfOptions> options)
{
    private readonly ConcurrentDictionary<string, IRunTarget> remote = new(StringComparer.OrdinalIgnoreCase);

    public IRunTarget Local => local;

    /// <summary>The target of a host name (null or <c>local</c>: this machine); throws when no host has that name.</summary>
    public IRunTarget For(string? host)
    {
        if (HostChecks.IsLocal(host))
        {
            return local;
        }
        var configured = options.Value.FindHost(host)
            ?? throw new RunTargetException($"the host '{host}' is not configured (WebOcperf:Hosts) any more");
        return remote.GetOrAdd(configured.Name, _ => ActivatorUtilities.CreateInstance<SshRunTarget>(services, configured));
    }

    public IRunTarget For(Benchmark benchmark) => For(benchmark.Host);
}
