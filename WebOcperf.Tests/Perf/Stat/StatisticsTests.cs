using WebOcperf.Perf.Stat;

namespace WebOcperf.Tests.Perf.Stat;

/// <summary>Every expected number here was worked out by hand (shown in the comments), not by the code under test.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Eight_values_give_the_hand_computed_statistics()
    {
        // mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sd = √(32/7) = 2.138090; sem = sd/√8 = 0.755929
        var stats = Statistics.Describe([2, 4, 4, 4, 5, 5, 7, 9])!;

        Assert.Equal(8, stats.N);
        Assert.Equal(5, stats.Mean, 12);
        Assert.Equal(2.138090, stats.StandardDeviation!.Value, 6);
        Assert.Equal(0.755929, stats.StandardError!.Value, 6);
        Assert.Equal(4.5, stats.Median, 12);
        Assert.Equal(2, stats.Min);
        Assert.Equal(9, stats.Max);
        Assert.Equal(2.138090 / 5, stats.CoefficientOfVariation!.Value, 6);
    }

    [Fact]
    public void One_value_has_a_mean_and_no_spread()
    {
        var stats = Statistics.Describe([3.5])!;

        Assert.Equal(1, stats.N);
        Assert.Equal(3.5, stats.Mean);
        Assert.Equal(3.5, stats.Median);
        Assert.Null(stats.StandardDeviation);
        Assert.Null(stats.StandardError);
        Assert.Null(stats.CoefficientOfVariation);
    }

    [Fact]
    public void Two_values_use_n_minus_one()
    {
        // mean 2; squared deviations 1+1 = 2; sd = √(2/1) = 1.414214; sem = 1.414214/√2 = 1; cv = 0.707107
        var stats = Statistics.Describe([1, 3])!;

        Assert.Equal(2, stats.Mean);
        Assert.Equal(1.414214, stats.StandardDeviation!.Value, 6);
        Assert.Equal(1, stats.StandardError!.Value, 6);
        Assert.Equal(2, stats.Median);
        Assert.Equal(0.707107, stats.CoefficientOfVariation!.Value, 6);
    }

    [Fact]
    public void Equal_values_have_zero_spread_and_no_outlier()
    {
        double[] values = [7, 7, 7, 7];
        var stats = Statistics.Describe(values)!;

        Assert.Equal(0, stats.StandardDeviation);
        Assert.Equal(0, stats.CoefficientOfVariation);
        Assert.Empty(Statistics.OutlierPositions(values));
    }

    [Fact]
    public void No_values_have_no_statistics()
    {
        Assert.Null(Statistics.Describe([]));
    }

    [Fact]
    public void A_mean_of_zero_has_no_coefficient_of_variation()
    {
        var stats = Statistics.Describe([-1, 1])!;

        Assert.Equal(0, stats.Mean);
        Assert.Null(stats.CoefficientOfVariation);
    }

    [Fact]
    public void A_value_far_from_the_others_is_a_gross_outlier()
    {
        // median 11; |x − 11| = 1,0,1,1,0,89 → MAD 1; z(100) = 89 / 1.4826 = 60 > 10; z(12) = 0.67
        Assert.Equal([5], Statistics.OutlierPositions([10, 11, 10, 12, 11, 100]));
    }

    [Fact]
    public void Ordinary_spread_is_not_flagged()
    {
        // median 12.5; |x − 12.5| = 2.5,1.5,.5,.5,1.5,7.5 → MAD 1.5; z(20) = 7.5 / 2.2239 = 3.37, well below 10
        Assert.Empty(Statistics.OutlierPositions([10, 11, 12, 13, 14, 20]));
        Assert.Empty(Statistics.OutlierPositions([10, 11, 12, 13, 14]));
    }

    [Fact]
    public void With_a_median_absolute_deviation_of_zero_more_than_one_percent_from_the_median_is_an_outlier()
    {
        // median 5, MAD 0: 5.1 is 2 % away (flagged), 5.01 is 0.2 % away (not)
        Assert.Equal([4], Statistics.OutlierPositions([5, 5, 5, 5, 5.1]));
        Assert.Empty(Statistics.OutlierPositions([5, 5, 5, 5, 5.01]));
        Assert.Equal([0, 4], Statistics.OutlierPositions([4, 5, 5, 5, 6]));
    }

    [Fact]
    public void Two_values_have_no_majority_to_stand_out_from()
    {
        Assert.Empty(Statistics.OutlierPositions([1, 1000]));
    }

    [Fact]
    public void The_median_of_an_odd_and_an_even_count()
    {
        Assert.Equal(3, Statistics.Median([5, 1, 3]));
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.Equal(1, Statistics.MedianAbsoluteDeviation([1, 2, 3, 4, 100]));
    }
}
