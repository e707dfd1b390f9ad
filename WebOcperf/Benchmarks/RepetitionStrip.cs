using System.Text.Json;
using WebOcperf.Perf.Compare;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Benchmarks;

/// <summary>One measured repetition's value in the strip plot.</summary>
/// <param name="Repetition">The repetition's number (what <c>?repetition=</c> takes).</param>
/// <param name="Outlier">Flagged as a gross outlier (it stays in the statistics).</param>
public sealed record StripPoint(int Repetition, double Value, bool Outlier);

/// <summary>One event's (or the wall time's) row of the strip plot: its values and the summary drawn over them.</summary>
/// <param name="CiLow">The 95 % confidence interval of the mean (Student's t, n − 1 degrees of freedom); null for n &lt; 2.</param>
public sealed record StripRow(string Event, string Unit, double Median, double Mean, double? CiLow, double? CiHigh,
    IReadOnlyList<StripPoint> Points);

/// <summary>
/// What the result page's strip plot of a repeated benchmark draws: one dot per measured repetition per event and for
/// the wall time, outliers marked, the median and the confidence interval of the mean. The page embeds it as JSON;
/// <c>wwwroot-src/src/repetition-strip.js</c> draws it, and a click on a dot opens that repetition.
/// </summary>
public sealed record RepetitionStrip(IReadOnlyList<StripRow> Rows, int? ShownRepetition)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rows with at least one counted value; null when no row has two (a strip of one dot says nothing).</summary>
    public static RepetitionStrip? From(RepeatedStatResult stats, int? shownRepetition)
    {
        var rows = stats.Events.Append(stats.WallTime)
            .Where(e => e.Stats is not null)
            .Select(Row)
            .ToList();
        return rows.Any(r => r.Points.Count >= 2) ? new RepetitionStrip(rows, shownRepetition) : null;
    }

    private static StripRow Row(RepeatedEvent e)
    {
        var stats = e.Stats!;
        var points = new List<StripPoint>();
        for (var i = 0; i < e.Values.Count; i++)
        {
            if (e.Values[i] is { } value)
            {
                var repetition = e.RepetitionIndexes[i];
                points.Add(new StripPoint(repetition, value, e.Outliers.Contains(repetition)));
            }
        }
        double? low = null, high = null;
        if (stats is { N: >= 2, StandardError: { } sem })
        {
            var half = StudentT.Quantile(0.975, stats.N - 1) * sem;
            (low, high) = (stats.Mean - half, stats.Mean + half);
        }
        return new StripRow(e.Event, e.Unit, stats.Median, stats.Mean, low, high, points);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
