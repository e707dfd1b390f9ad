namespace WebOcperf.Perf.Compare;

/// <summary>What repeated measurements of one quantity on one side of a comparison amount to.</summary>
/// <param name="StandardDeviation">The sample standard deviation (n − 1); null for a single value.</param>
public sealed record SampleSummary(int N, double Mean, double? StandardDeviation)
{
    public static SampleSummary Single(double value) => new(1, value, null);
}

/// <summary>Welch's unequal-variances t-test of other − base, with the confidence interval of the difference.</summary>
/// <param name="Difference">Mean of the other side minus mean of the base.</param>
/// <param name="T">Null when both sides have zero variance (the test is undefined).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite; null with zero variance on both sides.</param>
/// <param name="PValue">Two-sided; null with zero variance on both sides.</param>
/// <param name="CiLow">Lower end of the confidence interval of <paramref name="Difference"/>; the difference itself when both variances are zero.</param>
public sealed record WelchResult(double Difference, double StandardError, double? T, double? DegreesOfFreedom,
    double? PValue, double CiLow, double CiHigh)
{
    /// <summary>The test on two summaries with n ≥ 2 each, or null when a side has fewer values or no deviation.</summary>
    /// <param name="confidence">Of the interval, e.g. 0.95.</param>
    public static WelchResult? Compute(SampleSummary baseSide, SampleSummary other, double confidence = 0.95)
    {
        if (baseSide.N < 2 || other.N < 2 || baseSide.StandardDeviation is not { } sdBase || other.StandardDeviation is not { } sdOther)
        {
            return null;
        }
        var varianceOfMeanBase = sdBase * sdBase / baseSide.N;
        var varianceOfMeanOther = sdOther * sdOther / other.N;
        var difference = other.Mean - baseSide.Mean;
        var standardError = Math.Sqrt(varianceOfMeanBase + varianceOfMeanOther);
        if (standardError == 0)
        {
            return new WelchResult(difference, 0, null, null, null, difference, difference);
        }
        var t = difference / standardError;
        var degreesOfFreedom = Math.Pow(varianceOfMeanBase + varianceOfMeanOther, 2) /
            (varianceOfMeanBase * varianceOfMeanBase / (baseSide.N - 1) + varianceOfMeanOther * varianceOfMeanOther / (other.N - 1));
        var p = StudentT.TwoSidedP(t, degreesOfFreedom);
        var halfWidth = StudentT.Quantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
        return new WelchResult(difference, standardError, t, degreesOfFreedom, p, difference - halfWidth, difference + halfWidth);
    }
}

/// <summary>Holm's step-down adjustment of p-values for multiple comparisons (controls the family-wise error rate).</summary>
public static class Holm
{
    /// <summary>
    /// Adjusted p-values in the order given; nulls (tests that could not be made) stay null and do not count in the
    /// family: the i-th smallest of m p-values becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
    /// </summary>
    public static double?[] Adjust(IReadOnlyList<double?> pValues)
    {
        var adjusted = new double?[pValues.Count];
        var present = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is not null)
            .OrderBy(i => pValues[i]!.Value).ToList();
        var m = present.Count;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = present[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[index]!.Value));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
