using System.Globalization;
using WebOcperf.Data;

namespace WebOcperf.Shared;

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

    /// <summary>Time of day for today's entries, the date for older ones; the full time goes in a tooltip.</summary>
    public static string ShortTime(DateTime utc) =>
        utc.Date == DateTime.UtcNow.Date
            ? utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A rate with its unit: "1,361 /s", or "405.26 msec/s" for time-based events such as task-clock.</summary>
    public static string Rate(double? perSecond, string unit) =>
        perSecond is null ? "" : $"{Count(perSecond)} {(unit.Length > 0 ? unit : "")}/s";

    public static string StatusClass(BenchmarkStatus? status) => "status status-" + (status?.ToString().ToLowerInvariant() ?? "none");
}
