using WebOcperf.Perf.Compare;

namespace WebOcperf.Tests.Perf.Compare;

public sealed class WelchTestTests
{
    private static SampleSummary Summary(params double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return new SampleSummary(values.Length, mean, sd);
    }

    [Theory]
    // published two-sided 5 % critical values of Student's t (any statistics table)
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(4, 2.7764)]
    [InlineData(10, 2.2281)]
    [InlineData(30, 2.0423)]
    [InlineData(1000, 1.9623)]
    public void Quantile_and_p_value_match_the_t_table(double degreesOfFreedom, double critical)
    {
        Assert.Equal(critical, StudentT.Quantile(0.975, degreesOfFreedom), 3);
        Assert.Equal(0.05, StudentT.TwoSidedP(critical, degreesOfFreedom), 4);
        Assert.Equal(-critical, StudentT.Quantile(0.025, degreesOfFreedom), 3);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(-4.2)]
    [InlineData(25)]
    public void Distribution_function_has_the_closed_forms_of_one_and_two_degrees_of_freedom(double t)
    {
        // ν = 1 is Cauchy: ½ + atan(t)/π; ν = 2: ½ + t / (2√(2 + t²))
        Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 12);
        Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2), 12);
    }

    [Fact]
    public void Quantile_inverts_the_distribution_function_at_fractional_degrees_of_freedom()
    {
        foreach (var nu in new[] { 0.7, 1.4705882352941178, 5.149, 24.99 })
        {
            foreach (var p in new[] { 0.6, 0.975, 0.9995 })
            {
                Assert.Equal(p, StudentT.Cdf(StudentT.Quantile(p, nu), nu), 10);
            }
        }
    }

    [Fact]
    public void Published_example_with_unequal_samples()
    {
        // Welch's t-test article (Wikipedia), example 2: t = 2.46, ν ≈ 25.0, p = 0.021 (other − base here)
        var a1 = Summary(27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4);
        var a2 = Summary(27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4);

        var result = WelchResult.Compute(a1, a2)!;

        Assert.Equal(2.455356398286, result.T!.Value, 9);
        Assert.Equal(24.988529290231, result.DegreesOfFreedom!.Value, 9);
        // p by numerical integration of the t density (independent of the incomplete beta function)
        Assert.Equal(0.021378001463, result.PValue!.Value, 8);
        Assert.Equal(2.1666666666667, result.Difference, 9);
        var halfWidth = StudentT.Quantile(0.975, result.DegreesOfFreedom.Value) * result.StandardError;
        Assert.Equal(2.1666666666667 - halfWidth, result.CiLow, 9);
        Assert.Equal(2.1666666666667 + halfWidth, result.CiHigh, 9);
        Assert.InRange(halfWidth, 1.8174, 1.8175); // 2.0595 × 0.88242
    }

    [Fact]
    public void Two_values_each_with_unequal_variances_by_hand()
    {
        // base 1, 3: mean 2, s² 2; other 4, 8: mean 6, s² 8. se² = 2/2 + 8/2 = 5; t = 4/√5;
        // ν = 5² / (1²/1 + 4²/1) = 25/17
        var result = WelchResult.Compute(Summary(1, 3), Summary(4, 8))!;

        Assert.Equal(4, result.Difference, 12);
        Assert.Equal(Math.Sqrt(5), result.StandardError, 12);
        Assert.Equal(4 / Math.Sqrt(5), result.T!.Value, 12);
        Assert.Equal(25.0 / 17, result.DegreesOfFreedom!.Value, 12);
        Assert.Equal(0.25853213213837, result.PValue!.Value, 8);
        Assert.True(result.CiLow < 0 && result.CiHigh > 8, "a 95 % interval on two values each is wide and holds 0");
    }

    [Fact]
    public void Clearly_different_busy_loops_give_a_tiny_p()
    {
        var result = WelchResult.Compute(Summary(0.2010, 0.2032, 0.1998, 0.2041, 0.2005),
            Summary(0.4012, 0.3990, 0.4105, 0.4021, 0.3987))!;

        Assert.Equal(87.17244999, result.T!.Value, 6);
        Assert.Equal(5.149015073585, result.DegreesOfFreedom!.Value, 9);
        Assert.Equal(2.3214781875e-9, result.PValue!.Value, 12);
        Assert.InRange(result.CiLow, 0.19, 0.2006);
        Assert.InRange(result.CiHigh, 0.2006, 0.21);
    }

    [Fact]
    public void Zero_variance_on_both_sides_has_no_p_and_a_single_value_no_test()
    {
        var constant = WelchResult.Compute(new SampleSummary(3, 10, 0), new SampleSummary(4, 12, 0))!;
        Assert.Null(constant.PValue);
        Assert.Null(constant.T);
        Assert.Equal((2.0, 2.0), (constant.CiLow, constant.CiHigh));

        Assert.Null(WelchResult.Compute(SampleSummary.Single(10), new SampleSummary(4, 12, 1)));
        // zero variance on one side only is a one-sample test in effect, and still defined
        Assert.NotNull(WelchResult.Compute(new SampleSummary(3, 10, 0), new SampleSummary(4, 12, 1))!.PValue);
    }

    [Fact]
    public void Holm_adjusts_step_down_and_keeps_missing_tests_out_of_the_family()
    {
        // m = 4 p-values: sorted 0.01, 0.02, 0.03, 0.5 → 0.04, 0.06, 0.06 (monotone), 0.5
        var adjusted = Holm.Adjust([0.03, null, 0.01, 0.5, 0.02]);

        Assert.Equal(0.06, adjusted[0]!.Value, 12);
        Assert.Null(adjusted[1]);
        Assert.Equal(0.04, adjusted[2]!.Value, 12);
        Assert.Equal(0.5, adjusted[3]!.Value, 12);
        Assert.Equal(0.06, adjusted[4]!.Value, 12);
        // 2 × 0.4 = 0.8; 1 × 0.9 = 0.9
        Assert.Equal([0.8, 0.9], Holm.Adjust([0.4, 0.9]).Select(p => Math.Round(p!.Value, 12)));
        Assert.Equal(1.0, Holm.Adjust([0.7, 0.9])[0]!.Value, 12);
    }
}
