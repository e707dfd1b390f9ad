namespace WebOcperf.Testing;

/// <summary>What a <see cref="ServerProcess"/> is started with.</summary>
/// <param name="DataDirectory">The server's <c>WebOcperf:DataDirectory</c>; it is kept between restarts.</param>
public sealed record ServerOptions(string DataDirectory)
{
    /// <summary>
    /// The built server. By default the WebOcperf.dll beside the caller: a project that references WebOcperf (the
    /// tests) gets it copied into its own output.
    /// </summary>
    public string ServerDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "WebOcperf.dll");

    public ServerLaunch Launch { get; init; } = ServerLaunch.Foreground;

    /// <summary>Environment variables for the server, e.g. runtime settings (<c>DOTNET_gcServer=0</c>) for experiments.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The server's current directory; by default the one its dll is in (a test starts it elsewhere on purpose).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Command-line arguments after the ones that set the address, the data directory and the log levels.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Also append the server's output to this file (the last lines are always kept in memory).</summary>
    public string? LogFile { get; init; }

    /// <summary>
    /// How long the server may take to answer. Long by default: a cold server competing with the rest of the test
    /// suite on two cores took up to 46 s (measured); it only decides how long a real failure takes to report.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>How long a stop waits after SIGTERM before it sends SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delete <see cref="DataDirectory"/> when the server is disposed (for a directory made just for it).</summary>
    public bool DeleteDataDirectoryOnDispose { get; init; }
}
