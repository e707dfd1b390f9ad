namespace WebOcperf.Perf.Catalog;

/// <summary>The text <c>perf list</c> printed, or why it could not be run.</summary>
public sealed record PerfListOutput(string? Text, string? Error);
