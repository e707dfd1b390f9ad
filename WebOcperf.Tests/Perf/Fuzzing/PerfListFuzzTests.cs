using System.Text;
using WebOcperf.Perf.Catalog;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// perf list's text differs between perf versions, kernels and vendors, and perf can be killed mid-listing; the parser
/// must turn whatever it gets into well-formed entries without throwing or slowing down.
/// </summary>
public sealed class PerfListFuzzTests
{
    private static readonly string[] GoldenFiles = ["perf-list-root.txt", "perf-list-nobody.txt", "perf-list-intel-handmade.txt"];

    private static string ReadGolden(string name) => File.ReadAllText(CatalogTestData.Golden(name));

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Random_text_parses_to_well_formed_entries(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var text = Fuzz.AnyText(random, random.Next(0, 8_000));
            AssertWellFormed(PerfListParser.Parse(text), $"seed {seed}, round {round}");
        }
    }

    [Fact]
    public void Every_truncation_of_a_golden_listing_keeps_the_entries_before_the_cut()
    {
        foreach (var name in GoldenFiles)
        {
            var text = ReadGolden(name);
            var full = PerfListParser.Parse(text);
            var fullEvents = Listed(full);
            // the big listing is cut at about a hundred offsets, the small ones at every offset
            foreach (var prefix in Fuzz.Truncations(text, 100))
            {
                var context = $"{name} cut at {prefix.Length}";
                var parsed = PerfListParser.Parse(prefix);
                AssertWellFormed(parsed, context);
                // the entry being written when perf stopped may be partial; the ones before it read exactly as before
                var events = Listed(parsed);
                var complete = Math.Max(0, events.Count - 1);
                Assert.True(events.Count <= fullEvents.Count, context);
                Assert.Equal(fullEvents.Take(complete), events.Take(complete));
                Assert.Equal(full.SyntaxHelp.Take(Math.Max(0, parsed.SyntaxHelp.Count - 1)),
                    parsed.SyntaxHelp.Take(Math.Max(0, parsed.SyntaxHelp.Count - 1)));
            }
        }
    }

    /// <summary>The listed entries (not the metric groups summarised at the end) as comparable values.</summary>
    private static List<string> Listed(PerfListResult result) =>
        result.Entries.Where(e => e.Kind != EventKind.MetricGroup)
            .Select(e => string.Join('|', e.Name, e.Kind, e.BriefDescription, e.LongDescription, e.Pmu, e.Topic, string.Join(';', e.Aliases)))
            .ToList();

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Mutated_golden_lines_parse_to_well_formed_entries(int seed)
    {
        var random = new Random(seed);
        foreach (var name in GoldenFiles)
        {
            var text = ReadGolden(name);
            // the 170 kB root listing costs as much as all the rest, so it gets fewer rounds
            var rounds = text.Length > 10_000 ? 2 : 10;
            for (var round = 0; round < rounds; round++)
            {
                AssertWellFormed(PerfListParser.Parse(Fuzz.MutateLines(random, text, ' ')), $"seed {seed}, {name}, round {round}");
            }
        }
    }

    public static TheoryData<string> MegabyteShapes =>
        ["random tokens", "random bytes", "one long name line", "an unclosed description", "many topics and names", "many metric groups"];

    [Theory]
    [MemberData(nameof(MegabyteShapes))]
    public async Task Megabyte_listings_parse_in_bounded_time(string shape)
    {
        var random = new Random(shape.Length);
        var text = new StringBuilder(Fuzz.Megabyte + 100);
        switch (shape)
        {
            case "random tokens":
                text.Append(Fuzz.TokenText(random, Fuzz.Megabyte));
                break;
            case "random bytes":
                text.Append(Fuzz.DecodedBytes(random, Fuzz.Megabyte));
                break;
            case "one long name line":
                text.Append("  ").Append(Fuzz.TokenText(random, Fuzz.Megabyte).Replace('\n', ' ').Replace('\r', ' ')).Append(" [Hardware event]");
                break;
            case "an unclosed description":
                text.Append("cache:\n  l1d.replacement\n       [");
                while (text.Length < Fuzz.Megabyte)
                {
                    text.Append("       more text of a description. Unit: cpu [\n");
                }
                break;
            case "many topics and names":
                for (var i = 0; text.Length < Fuzz.Megabyte; i++)
                {
                    text.Append("topic").Append(i % 50).Append(":\n  name").Append(i).Append(" OR alias").Append(i).Append("\n       [Desc. Unit: cpu]\n");
                }
                break;
            default:
                text.Append("Metric Groups:\n");
                for (var i = 0; text.Length < Fuzz.Megabyte; i++)
                {
                    text.Append("group").Append(i).Append(":\n  metric").Append(i).Append("\n       [Metric]\n");
                }
                break;
        }
        var input = text.ToString();
        var parsed = await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"parsing '{shape}'", () => PerfListParser.Parse(input));
        AssertWellFormed(parsed, shape);
        await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"building a catalog from '{shape}'",
            () => EventCatalogBuilder.Build(parsed, null, null, EmptyPmuTopology.Instance).Search("a", 100));
    }

    private static void AssertWellFormed(PerfListResult result, string context)
    {
        foreach (var entry in result.Entries)
        {
            Assert.NotNull(entry.Name);
            Assert.Equal(entry.Name.Trim(), entry.Name);
            Assert.True(Enum.IsDefined(entry.Kind), context);
            Assert.NotNull(entry.BriefDescription);
            Assert.NotNull(entry.LongDescription);
            Assert.All(entry.Aliases, alias => Assert.False(string.IsNullOrWhiteSpace(alias), context));
            Assert.Equal(PerfListParser.Source, entry.Source);
            if (entry.Kind != EventKind.MetricGroup)
            {
                Assert.NotEqual("", entry.Name);
            }
        }
        Assert.All(result.SyntaxHelp, help => Assert.NotNull(help.Pattern));
        // a metric group is summarised once, however many metrics it lists
        var groups = result.Entries.Where(e => e.Kind == EventKind.MetricGroup).Select(e => e.Name).ToList();
        Assert.Equal(groups.Count, groups.Distinct(StringComparer.Ordinal).Count());
    }
}
