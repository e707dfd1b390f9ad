namespace WebOcperf.Security;

/// <summary>The security checks' log lines, source-generated: no boxing or formatting when the level is off.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Critical,
        Message = "WebOcperf listens beyond loopback ({Addresses}) without an access token; stopping. Set WebOcperf:RequireAccessToken=true, " +
                  "or WebOcperf:AllowRemoteWithoutToken=true if something else guards it.")]
    public static partial void RefusedToListenBeyondLoopbackWithoutToken(this ILogger logger, string addresses);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "WebOcperf listens beyond loopback without an access token (WebOcperf:AllowRemoteWithoutToken).")]
    public static partial void ListeningBeyondLoopbackWithoutToken(this ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Open WebOcperf at {Url}")]
    public static partial void OpenWithToken(this ILogger logger, string url);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Only this machine may connect (WebOcperf:AllowedClients is loopback); other machines get 403 until their addresses " +
                  "are added, e.g. --WebOcperf:AllowedClients:0 192.168.1.0/24 — or reach it with ssh -L.")]
    public static partial void OnlyLoopbackClientsAllowed(this ILogger logger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Refused a request for host {Host}: not in WebOcperf:AllowedHostNames")]
    public static partial void RefusedHostName(this ILogger logger, string host);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Refused {Client}: not in WebOcperf:AllowedClients")]
    public static partial void RefusedClient(this ILogger logger, System.Net.IPAddress? client);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Refused a cross-site {Method} {Path} from {Origin}")]
    public static partial void RefusedCrossSiteRequest(this ILogger logger, string method, PathString path, string origin);
}
