using System.Globalization;
using System.Text;

namespace WebOcperf.Bench.RecordPage;

/// <summary>p50 and max of repeated measurements, printed as Markdown tables so they paste into the docs as they are.</summary>
public static class Report
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Ms(double value) =>
        double.IsNaN(value) || value < 0 ? "–" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double baseline) =>
        baseline > 0 && !double.IsNaN(value) ? (value / baseline).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "–";

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / (1 << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / (1 << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>One row per metric: p50 and max of the measured page, p50 and max of the baseline, p50 ratio.</summary>
    public static string PageTable(string title, IReadOnlyList<PageTiming> measured, IReadOnlyList<PageTiming> baseline)
    {
        var rows = new (string Name, Func<PageTiming, double> Value)[]
        {
            ("HTML first byte (responseStart)", t => t.ResponseStart),
            ("HTML last byte (responseEnd)", t => t.ResponseEnd),
            ("scripts downloaded (last script's last byte)", t => t.ScriptsLoaded),
            ("domInteractive (parsed, scripts run)", t => t.DomInteractive),
            ("DOMContentLoaded", t => t.DomContentLoaded),
            ("first contentful paint", t => t.FirstContentfulPaint),
            ("top-functions table present", t => t.Table),
            ("time chart drawn", t => t.Chart),
            ("flame graph drawn", t => t.Flame),
            ("**all three ready**", t => t.Complete),
            ("wall clock (Stopwatch around goto + wait)", t => t.Wall),
            ("histogram.json: request → first byte", t => t.Histogram.Server),
            ("flame.json: request started", t => t.FlameJson.Start),
            ("flame.json: request → first byte", t => t.FlameJson.Server),
            ("flame.json: first → last byte", t => t.FlameJson.Download),
            ("flame.json: last byte → drawn (parse, flatten, draw)", t => t.Flame - t.FlameJson.ResponseEnd),
            ("long tasks before the flame graph, sum", t => t.LongTaskMs),
            ("longest task", t => t.LongestTaskMs),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"#### {title} (ms from navigation start; {measured.Count} loads, baseline {baseline.Count})");
        text.AppendLine();
        text.AppendLine("| metric | p50 | max | baseline p50 | baseline max | ratio p50 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, value) in rows)
        {
            var p50 = Median(measured.Select(value));
            var baseP50 = Median(baseline.Select(value));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {Ms(p50)} | {Ms(measured.Max(value))} | {Ms(baseP50)} | {Ms(baseline.Max(value))} | {Ratio(p50, baseP50)} |");
        }
        var sample = measured[0];
        var baseSample = baseline[0];
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Sizes: HTML {Bytes(sample.HtmlBytes)} (baseline {Bytes(baseSample.HtmlBytes)}), histogram.json {Bytes(sample.Histogram.Bytes)} ({Bytes(baseSample.Histogram.Bytes)}), flame.json {Bytes(sample.FlameJson.Bytes)} ({Bytes(baseSample.FlameJson.Bytes)}); flame graph nodes {sample.FlameNodes:N0} ({baseSample.FlameNodes:N0}).");
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>Server-side GETs: one row per request, with headers and total times.</summary>
    public static string HttpTable(string title, IEnumerable<(string Name, IReadOnlyList<HttpTiming> Timings)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"#### {title} (ms)");
        text.AppendLine();
        text.AppendLine("| request | n | first byte p50 | last byte p50 | last byte max | size |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, timings) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {timings.Count} | {Ms(Median(timings.Select(t => t.Headers.TotalMilliseconds)))} | {Ms(Median(timings.Select(t => t.Total.TotalMilliseconds)))} | {Ms(timings.Max(t => t.Total.TotalMilliseconds))} | {Bytes(timings[0].Bytes)} |");
        }
        text.AppendLine();
        return text.ToString();
    }
}
