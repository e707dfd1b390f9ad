namespace WebOcperf.Perf.Stat;

/// <summary>One drawn point: the interval's end time, its count, and the interval's length (for rates).</summary>
public readonly record struct SeriesPoint(double Time, double Value, double Duration);

/// <summary>
/// Shrinks a long interval series for drawing while keeping what matters to the eye: per time bucket, each event's
/// minimum and maximum interval (in time order), so spikes and dips survive. A one-hour run at <c>-I 100</c> (36,000
/// intervals) becomes a few thousand points; zooming in asks again for the visible range at full detail.
/// </summary>
public static class SeriesDownsampler
{
    /// <summary>Points per event for the intervals ending in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    /// <param name="maxPoints">Upper bound of points per event; a range with fewer intervals is returned whole.</param>
    public static (List<List<SeriesPoint>> Lines, bool Downsampled) Downsample(IReadOnlyList<IntervalSample> intervals, int eventCount,
        double? from, double? to, int maxPoints)
    {
        var first = from is { } f ? LowerBound(intervals, f) : 0;
        var last = to is { } t ? UpperBound(intervals, t) : intervals.Count;
        // one interval either side, so a zoomed line runs to the edges instead of stopping short
        first = Math.Max(0, first - 1);
        last = Math.Min(intervals.Count, last + 1);
        var count = last - first;
        var series = Enumerable.Range(0, eventCount).Select(_ => new List<SeriesPoint>()).ToList();
        if (count <= 0)
        {
            return (series, false);
        }

        var bucketCount = Math.Max(1, maxPoints / 2);
        if (count <= maxPoints)
        {
            for (var i = first; i < last; i++)
            {
                AddAll(intervals, i, series);
            }
            return (series, false);
        }

        for (var bucket = 0; bucket < bucketCount; bucket++)
        {
            var start = first + (int)((long)count * bucket / bucketCount);
            var end = first + (int)((long)count * (bucket + 1) / bucketCount);
            for (var e = 0; e < eventCount; e++)
            {
                int? min = null, max = null;
                for (var i = start; i < end; i++)
                {
                    if (Value(intervals[i], e) is not { } value)
                    {
                        continue;
                    }
                    if (min is null || value < Value(intervals[min.Value], e))
                    {
                        min = i;
                    }
                    if (max is null || value > Value(intervals[max.Value], e))
                    {
                        max = i;
                    }
                }
                if (min is not { } lo || max is not { } hi)
                {
                    continue;
                }
                foreach (var index in lo == hi ? [lo] : new[] { Math.Min(lo, hi), Math.Max(lo, hi) })
                {
                    series[e].Add(Point(intervals, index, e));
                }
            }
        }
        return (series, true);
    }

    private static void AddAll(IReadOnlyList<IntervalSample> intervals, int index, List<List<SeriesPoint>> series)
    {
        for (var e = 0; e < series.Count; e++)
        {
            if (Value(intervals[index], e) is not null)
            {
                series[e].Add(Point(intervals, index, e));
            }
        }
    }

    private static SeriesPoint Point(IReadOnlyList<IntervalSample> intervals, int index, int e)
    {
        var previous = index > 0 ? intervals[index - 1].Time : 0;
        return new SeriesPoint(intervals[index].Time, Value(intervals[index], e)!.Value, intervals[index].Time - previous);
    }

    private static double? Value(IntervalSample sample, int e) => e < sample.Values.Count ? sample.Values[e] : null;

    private static int LowerBound(IReadOnlyList<IntervalSample> intervals, double time)
    {
        int lo = 0, hi = intervals.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (intervals[mid].Time < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(IReadOnlyList<IntervalSample> intervals, double time)
    {
        int lo = 0, hi = intervals.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (intervals[mid].Time <= time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
