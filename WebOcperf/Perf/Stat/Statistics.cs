namespace WebOcperf.Perf.Stat;

/// <summary>What a set of repeated measurements of one quantity amounts to.</summary>
/// <param name="N">How many values went in.</param>
/// <param name="StandardDeviation">The sample standard deviation (divided by n − 1); null when n &lt; 2.</param>
/// <param name="StandardError">Of the mean: sd / √n — what perf stat -r prints as "±"; null when n &lt; 2.</param>
/// <param name="CoefficientOfVariation">sd / |mean| as a fraction; null when n &lt; 2 or the mean is 0.</param>
public sealed record DescriptiveStatistics(
    int N,
    double Mean,
    double? StandardDeviation,
    double? StandardError,
    double Median,
    double Min,
    double Max,
    double? CoefficientOfVariation);

/// <summary>
/// Descriptive statistics and gross-outlier detection for repeated runs. Pure arithmetic, so that the result page, the
/// API and the comparison of two benchmarks all compute the same numbers.
/// </summary>
public static class Statistics
{
    /// <summary>
    /// The modified z-score above which a value is a gross outlier. Iglewicz and Hoaglin suggest 3.5 for "possible"
    /// outliers; repeated benchmarks on a busy machine vary far more than that without anything being wrong, so only
    /// values an order of magnitude away are flagged, in the spirit of hyperfine's warnings.
    /// </summary>
    public const double OutlierZScore = 10;

    /// <summary>Makes the median absolute deviation estimate the standard deviation of normally distributed values.</summary>
    public const double MadToStandardDeviation = 1.4826;

    /// <summary>When half the values or more are identical (MAD = 0), values this far from the median (a fraction) are outliers.</summary>
    public const double IdenticalValuesTolerance = 0.01;

    /// <summary>The statistics of <paramref name="values"/>; null when there are none.</summary>
    public static DescriptiveStatistics? Describe(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return null;
        }
        var mean = values.Average();
        double? sd = null;
        double? sem = null;
        double? cv = null;
        if (n > 1)
        {
            // two passes: the sum of squared deviations stays exact where the one-pass Σx² − n·mean² cancels out
            var squares = values.Sum(v => (v - mean) * (v - mean));
            sd = Math.Sqrt(squares / (n - 1));
            sem = sd / Math.Sqrt(n);
            cv = mean != 0 ? sd / Math.Abs(mean) : null;
        }
        return new DescriptiveStatistics(n, mean, sd, sem, Median(values), values.Min(), values.Max(), cv);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The median absolute deviation from the median.</summary>
    public static double MedianAbsoluteDeviation(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToList());
    }

    /// <summary>
    /// The positions (0-based) of gross outliers: modified z-score |x − median| / (1.4826 · MAD) above
    /// <see cref="OutlierZScore"/>; when MAD is 0, the values more than <see cref="IdenticalValuesTolerance"/> away from
    /// the median (relative to it; any value other than the median when the median is 0).
    /// </summary>
    public static IReadOnlyList<int> OutlierPositions(IReadOnlyList<double> values)
    {
        if (values.Count < 3)
        {
            // with one or two values there is no majority for a value to stand out from
            return [];
        }
        var median = Median(values);
        var mad = MedianAbsoluteDeviation(values);
        var outliers = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            var distance = Math.Abs(values[i] - median);
            var isOutlier = mad > 0
                ? distance / (MadToStandardDeviation * mad) > OutlierZScore
                : median != 0 ? distance / Math.Abs(median) > IdenticalValuesTolerance : distance > 0;
            if (isOutlier)
            {
                outliers.Add(i);
            }
        }
        return outliers;
    }
}
