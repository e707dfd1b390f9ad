namespace WebOcperf.Perf.Stat;

/// <summary>
/// Turns <c>perf stat -I</c> lines, as they arrive, into one <see cref="IntervalSample"/> per interval.
/// perf prints one line per event per interval and flushes after each interval. The first interval is complete when
/// the next one starts; from then on the number of events is known, so each later interval is handed out the moment
/// its last line arrives instead of one interval late.
/// </summary>
public sealed class IntervalAssembler
{
    private readonly List<string> events = [];
    private readonly List<string> units = [];
    private readonly Dictionary<string, int> eventIndex = new(StringComparer.Ordinal);
    private readonly List<PerfStatLine> pending = [];
    private int? eventsPerInterval;

    /// <summary>Event names in the order perf prints them; grows until the first interval is complete.</summary>
    public IReadOnlyList<string> Events => events;

    /// <summary>The unit of each event (e.g. "msec"; empty for plain counts).</summary>
    public IReadOnlyList<string> Units => units;

    /// <summary>Adds a line; returns the intervals it completed (zero, one, or two when a late interval closes).</summary>
    public IReadOnlyList<IntervalSample> Add(PerfStatLine line)
    {
        if (line.Time is null)
        {
            return [];
        }

        var completed = new List<IntervalSample>(1);
        if (pending.Count > 0 && pending[0].Time != line.Time)
        {
            eventsPerInterval ??= pending.Count;
            completed.Add(Build(pending));
            pending.Clear();
        }

        if (eventIndex.TryAdd(line.Event, events.Count))
        {
            events.Add(line.Event);
            units.Add(line.Unit);
        }
        pending.Add(line);

        if (eventsPerInterval is { } count && pending.Count >= count)
        {
            completed.Add(Build(pending));
            pending.Clear();
        }
        return completed;
    }

    /// <summary>Hands out the last interval once perf has exited (it may be partial if perf was stopped).</summary>
    public IntervalSample? Flush()
    {
        if (pending.Count == 0)
        {
            return null;
        }
        eventsPerInterval ??= pending.Count;
        var sample = Build(pending);
        pending.Clear();
        return sample;
    }

    private IntervalSample Build(List<PerfStatLine> lines)
    {
        var values = new double?[events.Count];
        foreach (var line in lines)
        {
            values[eventIndex[line.Event]] = line.Value;
        }
        return new IntervalSample(lines[0].Time!.Value, values);
    }
}
