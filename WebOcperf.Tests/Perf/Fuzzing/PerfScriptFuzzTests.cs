using System.Diagnostics;
using System.Text;
using WebOcperf.Perf.Record;
using WebOcperf.Tests.Perf.Record;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// perf script's text reaches the parser from perf, whose output a workload can shape (comm names, symbols of JIT code,
/// binaries with any name); no text may throw, hang, or give counts that do not add up.
/// </summary>
public sealed class PerfScriptFuzzTests : IDisposable
{
    private static readonly string[] GoldenFiles =
    [
        "callchain-kernel-user.txt", "comm-with-spaces-callchain.txt", "comm-with-spaces-no-callchain.txt",
        "default-event-no-callchain.txt", "dotnet-jit-callchain.txt", "two-events-callchain.txt", "two-events-no-callchain.txt",
        "unknown-frames-callchain.txt",
    ];

    private static readonly Lazy<string[]> GoldenLines = new(() =>
        GoldenFiles.SelectMany(name => RecordTestSupport.GoldenText(name).Split('\n')).ToArray());

    private readonly RecordTestSupport support = new();

    public void Dispose() => support.Dispose();

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Shuffled_and_mutated_perf_script_lines_parse_into_counts_that_add_up(int seed)
    {
        var random = new Random(seed);
        var samplesSeen = 0L;
        for (var round = 0; round < 10; round++)
        {
            var context = $"seed {seed}, round {round}";
            var text = MutatedScript(random, random.Next(0, 400));
            var watch = Stopwatch.StartNew();

            var profile = support.ParseBytes(Encoding.UTF8.GetBytes(text), maxReadSize: random.Next(0, 3) == 0 ? 7 : null);

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{context}: {watch.Elapsed}");
            Assert.True(profile.SampleCount >= 0 && profile.SkippedLines >= 0, context);
            var perEvent = 0L;
            for (var e = 0; e < profile.Events.Count; e++)
            {
                var selection = profile.Select(e);
                perEvent += selection.Samples;
                // every sample is a stack in the folded output: the flame graph and the downloads agree with the count
                var folded = selection.Folded().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(selection.Samples, folded.Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..])));
            }
            Assert.Equal(profile.SampleCount, perEvent);
            samplesSeen += profile.SampleCount;
        }
        // the mutations must leave enough intact for the aggregation to be exercised at all
        Assert.True(samplesSeen > 0, $"seed {seed}: no sample parsed in any round");
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Random_text_never_throws(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 10; round++)
        {
            var text = random.Next(2) == 0 ? Fuzz.AnyText(random, random.Next(0, 8_000)) : Fuzz.DecodedBytes(random, random.Next(0, 8_000));

            var profile = support.ParseBytes(Encoding.UTF8.GetBytes(text));

            Assert.True(profile.SampleCount >= 0, $"seed {seed}, round {round}");
        }
    }

    /// <summary>Lines of real perf script output, shuffled in runs, some cut short, some with a token or a byte changed.</summary>
    private static string MutatedScript(Random random, int lines)
    {
        var golden = GoldenLines.Value;
        var text = new StringBuilder();
        while (lines > 0)
        {
            // runs of consecutive lines keep samples whole often enough to reach the aggregation, not only the rejects
            var start = random.Next(golden.Length);
            var run = Math.Min(random.Next(1, 30), lines);
            for (var i = 0; i < run; i++, lines--)
            {
                var line = golden[(start + i) % golden.Length];
                switch (random.Next(12))
                {
                    case 0:
                        line = line[..random.Next(line.Length + 1)];
                        break;
                    case 1:
                        line = line.Insert(random.Next(line.Length + 1), Fuzz.TokenText(random, random.Next(1, 12)));
                        break;
                    case 2 when line.Length > 0:
                        var chars = line.ToCharArray();
                        chars[random.Next(chars.Length)] = (char)random.Next(0, 0x300);
                        line = new string(chars);
                        break;
                }
                text.Append(line).Append('\n');
            }
        }
        return text.ToString();
    }
}
