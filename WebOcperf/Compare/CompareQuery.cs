using System.Globalization;
using Microsoft.Extensions.Primitives;
using WebOcperf.Perf.Compare;
using WebOcperf.Perf.Record;

namespace WebOcperf.Compare;

/// <summary>
/// What <c>/compare</c> and <c>/api/v1/compare…</c> are asked for: <c>base</c>, one or more <c>with</c>,
/// <c>threshold</c> (percent), <c>diff</c> (which <c>with</c> run the flame graph and the folded download use, 1 for the
/// first), <c>event</c> (a recorded event's name) and the time ranges <c>baseFrom/baseTo</c>, <c>withFrom/withTo</c>
/// in seconds from each recording's first sample.
/// </summary>
public sealed record CompareQuery(Guid BaseId, IReadOnlyList<Guid> WithIds, double ThresholdPercent, int Diff,
    string? Event, TimeRange? BaseRange, TimeRange? WithRange)
{
    public const int MaxWith = 8;
    public const double MaxThresholdPercent = 1000;

    /// <summary>The 0-based index into <see cref="WithIds"/> of the run the flame graph shows.</summary>
    public int DiffIndex => Diff - 1;

    /// <summary>Reads the query string; every problem is named by its parameter.</summary>
    public static (CompareQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        Guid baseId = default;
        var baseText = query["base"].ToString();
        if (baseText.Length == 0)
        {
            errors["base"] = ["Name the run to compare against: base={benchmark id}."];
        }
        else if (!Guid.TryParse(baseText, out baseId))
        {
            errors["base"] = [$"'{Shorten(baseText)}' is not a benchmark id."];
        }

        var withIds = new List<Guid>();
        foreach (var text in query["with"].Where(text => !string.IsNullOrEmpty(text)))
        {
            if (!Guid.TryParse(text, out var id))
            {
                errors["with"] = [$"'{Shorten(text!)}' is not a benchmark id."];
            }
            else if (id == baseId || withIds.Contains(id))
            {
                errors["with"] = [$"{id} is named twice; compare a run with others."];
            }
            else
            {
                withIds.Add(id);
            }
        }
        if (!errors.ContainsKey("with") && withIds.Count == 0)
        {
            errors["with"] = ["Name at least one run to compare with the base: with={benchmark id}."];
        }
        else if (withIds.Count > MaxWith)
        {
            errors["with"] = [$"At most {MaxWith} runs can be compared with the base."];
        }

        var threshold = StatComparison.DefaultThresholdPercent;
        if (query["threshold"] is { Count: > 0 } thresholdValues && thresholdValues.ToString().Length > 0)
        {
            if (!double.TryParse(thresholdValues.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out threshold)
                || !double.IsFinite(threshold) || threshold < 0 || threshold > MaxThresholdPercent)
            {
                errors["threshold"] = [$"The noise threshold is a percentage from 0 to {MaxThresholdPercent:0}, e.g. threshold=1 for 1 %."];
            }
        }

        var diff = 1;
        if (query["diff"] is { Count: > 0 } diffValues && diffValues.ToString().Length > 0)
        {
            if (!int.TryParse(diffValues.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out diff) || diff < 1
                || (withIds.Count > 0 && diff > withIds.Count))
            {
                errors["diff"] = [$"diff picks one of the compared runs, from 1 to {Math.Max(1, withIds.Count)}."];
            }
        }

        var baseRange = Range(query, "baseFrom", "baseTo", errors);
        var withRange = Range(query, "withFrom", "withTo", errors);
        var eventName = query["event"].ToString();
        return errors.Count > 0
            ? (null, errors)
            : (new CompareQuery(baseId, withIds, threshold, diff, eventName.Length == 0 ? null : eventName, baseRange, withRange), errors);
    }

    /// <summary>The query string of this comparison with some parameters changed (null removes one).</summary>
    public string Url(string path = "/compare", double? threshold = null, int? diff = null, bool keepRanges = true)
    {
        var parts = new List<string> { "base=" + BaseId };
        parts.AddRange(WithIds.Select(id => "with=" + id));
        var thresholdPercent = threshold ?? ThresholdPercent;
        if (thresholdPercent != StatComparison.DefaultThresholdPercent)
        {
            parts.Add("threshold=" + thresholdPercent.ToString("0.###", CultureInfo.InvariantCulture));
        }
        if ((diff ?? Diff) != 1)
        {
            parts.Add("diff=" + (diff ?? Diff).ToString(CultureInfo.InvariantCulture));
        }
        if (Event is not null)
        {
            parts.Add("event=" + Uri.EscapeDataString(Event));
        }
        if (keepRanges)
        {
            AddRange(parts, "base", BaseRange);
            AddRange(parts, "with", WithRange);
        }
        return path + "?" + string.Join('&', parts);
    }

    private static void AddRange(List<string> parts, string prefix, TimeRange? range)
    {
        if (range is { } r)
        {
            parts.Add(FormattableString.Invariant($"{prefix}From={r.StartSeconds:0.######}"));
            parts.Add(FormattableString.Invariant($"{prefix}To={r.EndSeconds:0.######}"));
        }
    }

    private static TimeRange? Range(IQueryCollection query, string fromName, string toName, Dictionary<string, string[]> errors)
    {
        var from = Seconds(query[fromName], fromName, errors);
        var to = Seconds(query[toName], toName, errors);
        if (from is null && to is null)
        {
            return null;
        }
        if (from is null || to is null || to <= from)
        {
            errors[toName] = [$"A time range needs both {fromName} and {toName} in seconds, {toName} after {fromName}."];
            return null;
        }
        return new TimeRange(from.Value, to.Value);
    }

    private static double? Seconds(StringValues values, string name, Dictionary<string, string[]> errors)
    {
        var text = values.ToString();
        if (text.Length == 0)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds)
            || seconds < 0 || seconds > 1e9)
        {
            errors[name] = [$"'{Shorten(text)}' is not a time in seconds from the recording's first sample."];
            return null;
        }
        return seconds;
    }

    private static string Shorten(string text) => WebOcperf.Perf.TextPreview.Shorten(text);
}
