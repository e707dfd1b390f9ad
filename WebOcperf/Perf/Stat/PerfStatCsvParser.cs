using System.Globalization;

namespace WebOcperf.Perf.Stat;

/// <summary>
/// Parses <c>perf stat -x,</c> output (with or without <c>-I</c>, <c>-r</c>, <c>--summary</c>, <c>-o</c>'s header).
/// Field order: [time,] value, unit, event, [variance%,] run time, % running, metric value, metric unit.
/// </summary>
public static class PerfStatCsvParser
{
    private const string NotCountedMarker = "<not counted>";
    private const string NotSupportedMarker = "<not supported>";
    private const string SummaryMarker = "summary";

    /// <summary>Parses every line of a whole file or text; lines that are not counter lines are skipped.</summary>
    public static List<PerfStatLine> ParseAll(string text, bool intervalMode)
    {
        var lines = new List<PerfStatLine>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (TryParseLine(raw.ToString(), intervalMode, out var line))
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>
    /// Parses one line. Returns false for the <c># started on</c> header, blank lines and anything else that is not a
    /// counter line (perf and the workload can both write stray text when <c>-o</c> is not used).
    /// </summary>
    /// <param name="intervalMode">
    /// Whether the run used <c>-I</c>: interval lines carry a leading time column. It is passed in rather than guessed,
    /// because a totals line and an interval line both start with a number.
    /// </param>
    public static bool TryParseLine(string line, bool intervalMode, out PerfStatLine parsed)
    {
        parsed = null!;
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return false;
        }

        var fields = SplitFields(trimmed);
        var index = 0;
        double? time = null;
        var isSummary = false;
        if (intervalMode)
        {
            if (fields.Count < 1)
            {
                return false;
            }
            var first = fields[0].Trim();
            if (first == SummaryMarker)
            {
                isSummary = true;
            }
            else if (TryParseDouble(first, out var t))
            {
                time = t;
            }
            else
            {
                return false;
            }
            index = 1;
        }

        // value, unit, event and at least run time and % running must be there
        if (fields.Count < index + 5)
        {
            return false;
        }

        var valueField = fields[index];
        CountState state;
        double? value = null;
        switch (valueField)
        {
            case NotCountedMarker:
                state = CountState.NotCounted;
                break;
            case NotSupportedMarker:
                state = CountState.NotSupported;
                break;
            default:
                if (!TryParseDouble(valueField, out var v))
                {
                    return false;
                }
                state = CountState.Counted;
                value = v;
                break;
        }

        var unit = fields[index + 1];
        var eventName = fields[index + 2];
        if (eventName.Length == 0)
        {
            return false;
        }
        index += 3;

        double? variance = null;
        if (index < fields.Count && fields[index].EndsWith('%')
            && TryParseDouble(fields[index][..^1], out var variancePercent))
        {
            variance = variancePercent;
            index++;
        }

        long? runTime = index < fields.Count && long.TryParse(fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rt)
            ? rt
            : null;
        index++;
        double? percentRunning = index < fields.Count && TryParseDouble(fields[index], out var pr) ? pr : null;
        index++;
        double? metricValue = index < fields.Count && TryParseDouble(fields[index], out var mv) ? mv : null;
        index++;
        var metricUnit = index < fields.Count ? string.Join(',', fields.Skip(index)).Trim() : "";

        parsed = new PerfStatLine(time, isSummary, eventName, value, state, unit, variance, runTime, percentRunning,
            metricValue, metricUnit);
        return true;
    }

    /// <summary>
    /// Splits on commas, except inside an event's <c>pmu/term=v,term=v/</c> syntax: perf prints such names as given,
    /// commas included, when the user did not name the event.
    /// </summary>
    private static List<string> SplitFields(string line)
    {
        var parts = line.Split(',');
        var fields = new List<string>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            // a part with an odd number of slashes opens a term list; it runs to the part that makes the count even.
            // Parity is tracked part by part (not recounted on a growing string) so that a line of many commas after an
            // unclosed slash stays linear. Without a closing part the slash is kept as text in its own field.
            var last = i;
            if (SlashCount(parts[i]) % 2 == 1)
            {
                var open = true;
                for (var j = i + 1; j < parts.Length && open; j++)
                {
                    open = SlashCount(parts[j]) % 2 == 0;
                    last = j;
                }
                if (open)
                {
                    last = i;
                }
            }
            fields.Add(last == i ? parts[i] : string.Join(',', parts, i, last - i + 1));
            i = last;
        }
        return fields;
    }

    private static int SlashCount(string part) => part.AsSpan().Count('/');

    private static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
