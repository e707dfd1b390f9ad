using System.Globalization;
using WebOcperf.Data;

namespace WebOcperf.Features.Shared;

/// <summary>How numbers, times and states are written on the pages.</summary>
public static class Format
{
    public static string Count(double? value) => value switch
    {
        null => "",
        { } v when Math.Abs(v - Math.Round(v)) < 1e-9 && Math.Abs(v) < 1e15 => v.ToString("N0", CultureInfo.InvariantCulture),
        { } v => v.ToString("N2", CultureInfo.InvariantCulture),
    };

    public static string Percent(double? value) =>
        value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "";

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "",
        { TotalSeconds: < 60 } s => s.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } s => $"{(int)s.TotalMinutes} min {s.Seconds} s",
        { } s => $"{(int)s.TotalHours} h {s.Minutes} min",
    };

    /// <summary>UTC in ISO form: the pages are often read through a tunnel from another time zone.</summary>
    public static string Time(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "";

    public static string StatusClass(BenchmarkStatus? status) => "status status-" + (status?.ToString().ToLowerInvariant() ?? "none");
}
