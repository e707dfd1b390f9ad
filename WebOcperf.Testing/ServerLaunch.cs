namespace WebOcperf.Testing;

/// <summary>How the server is started, as far as signals go.</summary>
public enum ServerLaunch
{
    /// <summary>As from a terminal: Ctrl-C (SIGINT) reaches it, also when the test run itself ignores SIGINT.</summary>
    Foreground,

    /// <summary>
    /// As <c>dotnet run &amp;</c> from a script or <c>nohup</c> does: SIGINT and SIGQUIT ignored, which every child
    /// inherits unless it resets them.
    /// </summary>
    BackgroundJob,
}
