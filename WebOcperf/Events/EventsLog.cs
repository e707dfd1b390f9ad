namespace WebOcperf.Events;

/// <summary>The event catalog's log lines, source-generated.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Intel event download for {Cpu}: {Count} file(s), error {Error}")]
    public static partial void IntelEventsDownloaded(this ILogger logger, string cpu, int count, string error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "perf list failed: {Error}")]
    public static partial void PerfListFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Event catalog: {Count} entries, CPU {Cpu}")]
    public static partial void CatalogBuilt(this ILogger logger, int count, string? cpu);
}
