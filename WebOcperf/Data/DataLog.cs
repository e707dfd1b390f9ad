namespace WebOcperf.Data;

/// <summary>The data layer's log lines, source-generated.</summary>
internal static partial class DataLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Data directory: {DataDirectory}")]
    public static partial void DataDirectoryReady(this ILogger logger, string dataDirectory);
}
