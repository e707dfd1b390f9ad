namespace WebOcperf.Infrastructure;

/// <summary>The <c>WebOcperf</c> configuration section; every key is described in the README.</summary>
public sealed class WebOcperfOptions
{
    public const string SectionName = "WebOcperf";

    /// <summary>Where the database and the raw perf files live. Empty: $XDG_DATA_HOME/webocperf or ~/.local/share/webocperf.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The perf executable: a name looked up on PATH, or a path.</summary>
    public string PerfPath { get; set; } = "perf";

    /// <summary>Loopback, IPv4 and IPv6: who may connect when AllowedClients is not set.</summary>
    public static readonly IReadOnlyList<string> LoopbackClients = ["127.0.0.1", "::1"];

    /// <summary>
    /// Client addresses (IPs or CIDR ranges) that may use the server; everyone else gets 403. Empty means loopback.
    /// It starts empty rather than with the default because the configuration binder appends to a list it finds.
    /// </summary>
    public List<string> AllowedClients { get; set; } = [];

    public IReadOnlyList<string> EffectiveAllowedClients => AllowedClients.Count > 0 ? AllowedClients : LoopbackClients;

    /// <summary>
    /// Host names (besides localhost, 127.0.0.1, [::1] and other IP literals) that requests may be addressed to.
    /// Anything else is refused: that is what stops DNS rebinding, where a hostile page's name resolves to this machine.
    /// </summary>
    public List<string> AllowedHostNames { get; set; } = [];

    /// <summary>
    /// Proxies (IPs or CIDR ranges) whose X-Forwarded-For / X-Forwarded-Proto are believed. Empty: the client's address
    /// is the connection's, whatever the headers say — also with ASPNETCORE_FORWARDEDHEADERS_ENABLED, which on its own
    /// would believe anyone and let a spoofed "X-Forwarded-For: 127.0.0.1" pass AllowedClients.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>A configured access token shorter than this could be guessed: the server refuses to start with it.</summary>
    public const int MinimumAccessTokenLength = 16;

    /// <summary>The access token; empty: a random one is made at start-up when a token is needed.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>Require the token even on loopback (it is always required when the server listens beyond loopback).</summary>
    public bool RequireAccessToken { get; set; }

    /// <summary>Listen beyond loopback without a token, e.g. behind a proxy that authenticates. Off by default.</summary>
    public bool AllowRemoteWithoutToken { get; set; }

    /// <summary>How many benchmarks run at the same time; more than one makes their measurements disturb each other.</summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>How many benchmarks may wait in the queue.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>A run still going after this long is stopped with SIGINT to its process group and marked Failed.</summary>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After SIGINT, how long perf and the workload get to exit before SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The workload's working directory. Empty: the server's current directory.</summary>
    public string WorkingDirectory { get; set; } = "";

    /// <summary>The workload's stdout and stderr are kept up to this size (head and tail); the rest is counted, not stored.</summary>
    public long MaxWorkloadLogBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Machines perf can run on over ssh besides this one. It starts empty because the configuration binder appends to a
    /// list it finds.
    /// </summary>
    public List<RemoteHostOptions> Hosts { get; set; } = [];

    /// <summary>The OpenSSH client: a name looked up on PATH, or a path.</summary>
    public string SshPath { get; set; } = "ssh";

    /// <summary>ssh's <c>ConnectTimeout</c>: how long reaching a host may take before it counts as unreachable.</summary>
    public TimeSpan SshConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ssh's <c>ControlPersist</c>: how long a shared connection stays open after its last command.</summary>
    public TimeSpan SshControlPersist { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a host's connection is lost mid-run, how long to keep trying to reach it to end and fetch the run.</summary>
    public TimeSpan RemoteReconnectWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run on a host is refused when less than this is free in its scratch directory there.</summary>
    public long RemoteMinimumFreeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long a host's check (reachability, perf, kernel settings) is reused before it is made again.</summary>
    public TimeSpan HostCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    public RemoteHostOptions? FindHost(string? name) =>
        string.IsNullOrEmpty(name) ? null : Hosts.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// perf record stops a recording at this size (<c>--max-size</c>; soft, perf writes a few tens of KB more) and the
    /// run ends Succeeded with a note. Dwarf call graphs write about 100 MB/s.
    /// </summary>
    public long MaxRecordingBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A run does not start while the data directory's file system has less than this free. 0: no check.</summary>
    public long MinFreeDiskBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return Path.Combine(dataHome, "webocperf");
    }

    public string ResolveWorkingDirectory() =>
        string.IsNullOrWhiteSpace(WorkingDirectory) ? Directory.GetCurrentDirectory() : Path.GetFullPath(WorkingDirectory);
}
