using WebOcperf.Perf.Stat;

namespace WebOcperf.Tests.Perf.Stat;

public sealed class SeriesDownsamplerTests
{
    /// <summary>A one-hour run at -I 100 with one spike and one dip that a chart must not lose.</summary>
    private static List<IntervalSample> HourAt100Ms()
    {
        var intervals = new List<IntervalSample>(36_000);
        for (var i = 1; i <= 36_000; i++)
        {
            double value = i switch { 12_345 => 1_000_000, 23_456 => 0, _ => 100 + i % 7 };
            intervals.Add(new IntervalSample(i * 0.1, [value, i % 5 == 0 ? null : 1.0]));
        }
        return intervals;
    }

    [Fact]
    public void A_long_run_shrinks_to_the_point_budget_and_keeps_spikes_and_dips()
    {
        var (lines, downsampled) = SeriesDownsampler.Downsample(HourAt100Ms(), 2, null, null, 2000);

        Assert.True(downsampled);
        Assert.All(lines, line => Assert.InRange(line.Count, 1, 2000));
        Assert.Contains(lines[0], p => p.Value == 1_000_000 && Math.Abs(p.Time - 1234.5) < 1e-9);
        Assert.Contains(lines[0], p => p.Value == 0 && Math.Abs(p.Time - 2345.6) < 1e-9);
        Assert.True(lines[0].Zip(lines[0].Skip(1)).All(pair => pair.First.Time < pair.Second.Time));
    }

    [Fact]
    public void A_zoomed_range_comes_back_at_full_detail_with_a_point_beyond_each_edge()
    {
        var (lines, downsampled) = SeriesDownsampler.Downsample(HourAt100Ms(), 2, 100.0, 110.0, 2000);

        Assert.False(downsampled);
        Assert.Equal(103, lines[0].Count);
        Assert.Equal(99.9, lines[0][0].Time, 9);
        Assert.Equal(110.1, lines[0][^1].Time, 9);
        Assert.All(lines[0], p => Assert.Equal(0.1, p.Duration, 9));
    }

    [Fact]
    public void Intervals_perf_could_not_count_are_left_out_rather_than_drawn_as_zero()
    {
        var (lines, _) = SeriesDownsampler.Downsample(HourAt100Ms(), 2, 0, 1.0, 2000);

        Assert.DoesNotContain(lines[1], p => Math.Abs(p.Time - 0.5) < 1e-9);
        Assert.All(lines[1], p => Assert.Equal(1.0, p.Value));
    }
}
