using System.Text;

namespace WebOcperf.Perf.Catalog;

/// <summary>What <c>perf list</c> printed: selectable events and metrics, plus the raw-syntax lines.</summary>
public sealed record PerfListResult(IReadOnlyList<CatalogEntry> Entries, IReadOnlyList<EventSyntaxHelp> SyntaxHelp)
{
    public static readonly PerfListResult Empty = new([], []);
}

/// <summary>
/// Parses the text of <c>perf list</c> (perf 5.x/6.x layout). Forms handled:
/// <c>  name   [Type]</c>, <c>  name OR alias   [Type]</c>, topic headers (<c>cache:</c>) followed by JSON-described events
/// whose bracketed description sits on the following, possibly wrapped, indented lines (with a <c>Unit: pmu</c> suffix),
/// and the <c>Metric Groups:</c> section, where topic headers are metric groups and the names under them metrics.
/// </summary>
public static class PerfListParser
{
    public const string Source = "perf list";
    private const string MetricGroupsHeader = "Metric Groups:";
    private const string OrSeparator = " OR ";
    private const string UnitMarker = "Unit: ";

    public static PerfListResult Parse(string text)
    {
        var state = new ParseState();
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            state.Accept(rawLine.ToString().TrimEnd());
        }
        state.Flush();
        state.AddMetricGroups();
        return new PerfListResult(state.Entries, state.SyntaxHelp);
    }

    private sealed class ParseState
    {
        public List<CatalogEntry> Entries { get; } = [];
        public List<EventSyntaxHelp> SyntaxHelp { get; } = [];
        private readonly Dictionary<string, int> metricsPerGroup = new(StringComparer.Ordinal);
        private readonly List<string> groupOrder = [];

        private bool inMetrics;
        private string? topic;
        private CatalogEntry? pending;
        private StringBuilder? description;

        public void Accept(string line)
        {
            if (description is not null)
            {
                // a wrapped description continues until its closing bracket
                description.Append(' ').Append(line.Trim());
                if (line.EndsWith(']'))
                {
                    CompleteDescription();
                }
                return;
            }
            if (line.Length == 0)
            {
                return;
            }
            if (line == MetricGroupsHeader)
            {
                Flush();
                inMetrics = true;
                topic = null;
                return;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                Flush();
                // "List of pre-defined events (to be used in -e or -M):" is a banner; "cache:", "uncore memory:" are topics
                topic = line.EndsWith(':') && !line.StartsWith("List of", StringComparison.Ordinal) ? line[..^1].TrimEnd() : topic;
                return;
            }
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[') && pending is not null)
            {
                description = new StringBuilder(trimmed);
                if (trimmed.EndsWith(']'))
                {
                    CompleteDescription();
                }
                return;
            }
            Flush();
            AcceptNameLine(trimmed);
        }

        private void AcceptNameLine(string trimmed)
        {
            var typeStart = trimmed.EndsWith(']') ? trimmed.LastIndexOf('[') : -1;
            if (typeStart > 0 && char.IsWhiteSpace(trimmed[typeStart - 1]))
            {
                var type = trimmed[(typeStart + 1)..^1];
                var names = trimmed[..typeStart].Trim();
                var kind = KindOf(type, out var isSyntax);
                if (isSyntax)
                {
                    SyntaxHelp.Add(new EventSyntaxHelp(names, type));
                    return;
                }
                var (name, aliases) = SplitAliases(names);
                Entries.Add(new CatalogEntry(name, kind, type, type, PmuOf(name, kind), aliases, topic, Source));
                return;
            }
            var (plainName, plainAliases) = SplitAliases(trimmed);
            pending = inMetrics
                ? new CatalogEntry(plainName, EventKind.Metric, "", "", null, plainAliases, topic, Source)
                : new CatalogEntry(plainName, EventKind.PmuEvent, "", "", null, plainAliases, topic, Source);
        }

        private void CompleteDescription()
        {
            var text = description!.ToString();
            description = null;
            var inner = text.Length >= 2 ? text[1..^1].Trim() : "";
            var pmu = pending!.Pmu;
            var unitAt = inner.LastIndexOf(UnitMarker, StringComparison.Ordinal);
            if (unitAt >= 0)
            {
                pmu = inner[(unitAt + UnitMarker.Length)..].Trim();
                inner = inner[..unitAt].TrimEnd();
            }
            pending = pending with { BriefDescription = FirstSentence(inner), LongDescription = inner, Pmu = pmu };
            Flush();
        }

        public void Flush()
        {
            if (description is not null)
            {
                description.Append(']');
                CompleteDescription();
                return;
            }
            if (pending is null)
            {
                return;
            }
            Entries.Add(pending);
            if (pending.Kind == EventKind.Metric && pending.Topic is { } group)
            {
                if (!metricsPerGroup.TryAdd(group, 1))
                {
                    metricsPerGroup[group]++;
                }
                else
                {
                    groupOrder.Add(group);
                }
            }
            pending = null;
        }

        public void AddMetricGroups()
        {
            foreach (var group in groupOrder)
            {
                var description = $"Metric group with {metricsPerGroup[group]} metric(s); use it with perf stat -M";
                Entries.Add(new CatalogEntry(group, EventKind.MetricGroup, description, description, null, [], null, Source));
            }
        }
    }

    private static (string Name, IReadOnlyList<string> Aliases) SplitAliases(string names)
    {
        var parts = names.Split(OrSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? (names, []) : (parts[0], parts[1..]);
    }

    private static EventKind KindOf(string type, out bool isSyntax)
    {
        isSyntax = type is "Raw hardware event descriptor" or "Hardware breakpoint" || type.StartsWith("Raw event", StringComparison.Ordinal);
        return type switch
        {
            "Hardware event" => EventKind.Hardware,
            "Hardware cache event" => EventKind.HardwareCache,
            "Software event" => EventKind.Software,
            "Tool event" => EventKind.Tool,
            "Kernel PMU event" => EventKind.KernelPmu,
            "Tracepoint event" => EventKind.Tracepoint,
            "SDT event" => EventKind.SdtEvent,
            _ => EventKind.Other,
        };
    }

    private static string? PmuOf(string name, EventKind kind)
    {
        if (kind == EventKind.KernelPmu)
        {
            var slash = name.IndexOf('/');
            return slash > 0 ? name[..slash] : null;
        }
        return kind switch
        {
            EventKind.Tracepoint => "tracepoint",
            EventKind.Software or EventKind.Tool => "software",
            _ => null,
        };
    }

    /// <summary>The first sentence, for one-line display; long Intel descriptions keep their full text elsewhere.</summary>
    internal static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? text[..(end + 1)] : text;
    }
}
