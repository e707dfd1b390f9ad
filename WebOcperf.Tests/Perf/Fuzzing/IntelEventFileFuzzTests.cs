using System.Text.Json;
using WebOcperf.Perf.Catalog;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// Intel's event files and mapfile arrive over the network or from a cache a download may have left half-written; the
/// readers may reject a file (the loader reports JSON and format errors as problems), but nothing else may escape.
/// </summary>
public sealed class IntelEventFileFuzzTests
{
    private static readonly string[] EventFiles =
    [
        "SKL/events/skylake_core.json", "SKL/events/skylake_uncore.json", "SKX/events/skylakex_uncore.json",
        "ADL/events/alderlake_goldencove_core.json", "ADL/events/alderlake_gracemont_core.json",
    ];

    private static bool IsUncore(string file) => file.Contains("uncore", StringComparison.Ordinal);

    /// <summary>
    /// Reads rows the way <see cref="IntelEventListLoader"/> does: a JSON or shape error means the file is skipped with a
    /// problem, so those two are the expected failures; any other exception would escape the loader.
    /// </summary>
    private static List<Dictionary<string, string>>? ReadRowsAsLoaderDoes(string json)
    {
        try
        {
            return IntelEventTableReader.ReadRows(json);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Encodes rows as the loader does and checks that every event it keeps is named after its row.</summary>
    private static void Encode(List<Dictionary<string, string>> rows, bool uncore, string context)
    {
        if (uncore)
        {
            var events = new Dictionary<string, IntelUncoreEvent>(StringComparer.Ordinal);
            IntelEventTableReader.AddUncoreEvents(events, rows, clockBoxExists: rows.Count % 2 == 0);
            Assert.All(events, pair => Assert.Equal(pair.Key, pair.Value.Name));
            Assert.All(events.Values, e => Assert.Equal(e.Name.ToLowerInvariant(), e.Name));
        }
        else
        {
            var list = new IntelCoreEventList(HybridPmus.Plain, "fuzz.json");
            IntelEventTableReader.AddCoreEvents(list, rows, offcoreTerms: rows.Count % 2 == 0, ldlatTerms: true);
            Assert.All(list.Events, e => Assert.True(e.Name == e.Name.ToLowerInvariant() && list.Get(e.Name) == e, context));
        }
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Random_text_is_read_or_rejected_as_json(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var text = random.Next(4) switch
            {
                0 => Fuzz.AnyText(random, random.Next(0, 4_000)),
                1 => "{\"Events\":[" + Fuzz.TokenText(random, random.Next(0, 2_000)),
                2 => "[" + string.Concat(Enumerable.Repeat("{\"EventName\":\"A\",\"EventCode\":" + Fuzz.OddNumbers[random.Next(Fuzz.OddNumbers.Length)] + "},",
                    random.Next(1, 20))) + "]",
                _ => new string('[', random.Next(1, 2_000)) + new string(']', random.Next(0, 2_000)),
            };
            if (ReadRowsAsLoaderDoes(text) is { } rows)
            {
                Encode(rows, uncore: round % 2 == 0, $"seed {seed}, round {round}");
            }
        }
    }

    [Fact]
    public void Every_truncation_of_an_event_file_is_read_or_rejected_as_json()
    {
        foreach (var file in EventFiles)
        {
            var text = File.ReadAllText(CatalogTestData.Perfmon(file));
            Assert.NotNull(ReadRowsAsLoaderDoes(text));
            foreach (var prefix in Fuzz.Truncations(text, 600))
            {
                if (ReadRowsAsLoaderDoes(prefix) is { } rows)
                {
                    Encode(rows, IsUncore(file), $"{file} cut at {prefix.Length}");
                }
            }
        }
    }

    /// <summary>Values an event file could carry in any field: empty, non-hex, lists, too big for 64 bits, Python booleans.</summary>
    private static readonly string[] OddValues =
    [
        "", " ", "0x", "0x1ffffffffffffffffff", "0xffffffffffffffff", "18446744073709551616", "99999999999999999999999", "-1",
        "True", "False", "null", "NaN", "1,2,3", ",", "0x3c,0x3d", "ncu", "CBO", "iMPH-U", "Kti LL", "0,1,2,3", "4", "2", "0x1a6",
        "0x3f6", "0x3f7", "na", "inst_retired.any", "topdown.slots", "topdown.memory_bound_slots", "INST_RETIRED.ANY ",
    ];

    private static readonly string[] Fields =
    [
        "EventName", "EventCode", "UMask", "UMaskExt", "Other", "EdgeDetect", "AnyThread", "CounterMask", "CMask", "Invert",
        "PublicDescription", "BriefDescription", "Errata", "MSRIndex", "MSRValue", "Counter", "CollectPEBS", "PEBS",
        "SampleAfterValue", "Unit", "Internal", "Description",
    ];

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Mutated_rows_encode_and_resolve_without_throwing(int seed)
    {
        var random = new Random(seed);
        var coreList = new IntelCoreEventList(HybridPmus.Plain, "fuzz.json");
        var uncore = new Dictionary<string, IntelUncoreEvent>(StringComparer.Ordinal);
        foreach (var file in EventFiles)
        {
            var rows = IntelEventTableReader.ReadRows(File.ReadAllText(CatalogTestData.Perfmon(file)));
            foreach (var row in rows)
            {
                for (var mutations = random.Next(0, 4); mutations > 0; mutations--)
                {
                    var field = Fields[random.Next(Fields.Length)];
                    if (random.Next(5) == 0)
                    {
                        row.Remove(field);
                    }
                    else
                    {
                        row[field] = random.Next(4) == 0 ? Fuzz.TokenText(random, random.Next(0, 20)) : OddValues[random.Next(OddValues.Length)];
                    }
                }
            }
            Encode(rows, IsUncore(file), $"seed {seed}, {file}");
            if (IsUncore(file))
            {
                IntelEventTableReader.AddUncoreEvents(uncore, rows, clockBoxExists: false);
            }
            else
            {
                IntelEventTableReader.AddCoreEvents(coreList, rows, offcoreTerms: true, ldlatTerms: true);
            }
        }

        // whatever the rows held, the encoded events must turn into perf strings or errors
        var lists = new IntelEventLists("GenuineIntel-6-5E", [coreList], uncore, [], []);
        var resolver = new IntelEventResolver(lists, new SysfsPmuTopology("/nonexistent-sysfs"));
        var names = coreList.Events.Select(e => e.Name).Concat(uncore.Keys).ToList();
        string[] qualifiers = ["", ":u", ":c1:pp", ":sup", ":c99999999999999999999", ":u0x1ffffffffffffffffff", ":e1:i1", ":one_unit"];
        foreach (var name in names)
        {
            var qualified = name + qualifiers[random.Next(qualifiers.Length)];
            var resolution = resolver.ResolveName(qualified, forRecord: random.Next(2) == 0);
            Assert.True(resolution.PerfEvent is null || resolution.Error is null, $"seed {seed}, '{qualified}'");
            resolver.ResolvePmuForm(HybridPmus.Plain, name, qualifiers[random.Next(qualifiers.Length)].TrimStart(':'), forRecord: true);
        }
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Random_and_mutated_mapfiles_parse_and_match(int seed)
    {
        var random = new Random(seed);
        var golden = File.ReadAllText(CatalogTestData.Perfmon("mapfile.csv"));
        string[] cpus = ["GenuineIntel-6-5E", "GenuineIntel-6-55-4", "GenuineIntel-6-97", "", "-", "--", "*", "[", "[!", "GenuineIntel-6-55-[0"];
        for (var round = 0; round < 40; round++)
        {
            var text = random.Next(3) switch
            {
                0 => Fuzz.AnyText(random, random.Next(0, 4_000)),
                1 => golden[..random.Next(golden.Length + 1)],
                _ => Fuzz.MutateLines(random, golden, ','),
            };
            var rows = PerfmonMapFile.Parse(text);
            var lineCount = 0;
            foreach (var _ in text.AsSpan().EnumerateLines())
            {
                lineCount++;
            }
            Assert.True(rows.Count <= lineCount, $"seed {seed}, round {round}");
            var cpu = random.Next(2) == 0 ? cpus[random.Next(cpus.Length)] : Fuzz.TokenText(random, random.Next(0, 40));
            var matched = PerfmonMapFile.Match(rows, cpu);
            Assert.All(matched, row => Assert.Contains(row, rows));
            Assert.All(rows, row => Assert.NotNull(row.CacheFileName(cpu)));
        }
    }

    public static TheoryData<string, string> HardGlobs => new()
    {
        // every star could swallow any run of a's, so trying each split in turn is exponential in the stars
        { new string('a', 60), string.Concat(Enumerable.Repeat("*a", 30)) + "b" },
        { new string('a', 60), string.Concat(Enumerable.Repeat("a*", 30)) + "?b" },
        { new string('a', 5_000), new string('*', 5_000) + "b" },
        // recursion per star would overflow the stack, which no catch can stop
        { "x", new string('*', 200_000) },
        { new string('a', 100_000), string.Concat(Enumerable.Repeat("[a-z]", 99_999)) + "*" },
        { string.Concat(Enumerable.Repeat("ab", 50_000)), string.Concat(Enumerable.Repeat("*ab", 200)) + "*c" },
    };

    [Theory]
    [MemberData(nameof(HardGlobs))]
    public async Task Glob_matching_takes_bounded_time(string text, string pattern)
    {
        await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"matching a {pattern.Length}-character pattern",
            () => Glob.IsMatch(text, pattern) | Glob.IsMatch(pattern, text));
        // the mapfile matcher tries both ways round, with and without the stepping
        var row = new PerfmonMapRow(pattern, "V1", "/x.json", "core", null);
        await Fuzz.WithinAsync(Fuzz.MegabyteLimit, "matching a mapfile row", () => PerfmonMapFile.Match([row], text));
    }

    [Theory]
    [InlineData("GenuineIntel-6-55-4", "GenuineIntel-6-55-[01234]", true)]
    [InlineData("GenuineIntel-6-55-5", "GenuineIntel-6-55-[01234]", false)]
    [InlineData("GenuineIntel-6-55-5", "GenuineIntel-6-55-[!01234]", true)]
    [InlineData("GenuineIntel-6-5E", "GenuineIntel-6-*", true)]
    [InlineData("GenuineIntel-6-5E", "*-6-5?", true)]
    [InlineData("GenuineIntel-6-5E", "*-6-5", false)]
    [InlineData("abcabd", "*ab?", true)]
    [InlineData("aaa", "a*a*a*a", false)]
    [InlineData("a[b", "a[b", true)]
    [InlineData("", "*", true)]
    [InlineData("", "", true)]
    [InlineData("x", "", false)]
    [InlineData("x", "[]", false)]
    public void Glob_keeps_fnmatch_semantics(string text, string pattern, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(text, pattern));
}
