using System.Text;
using WebOcperf.Perf.Catalog;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// What users type into the event box goes through <see cref="EventCatalog.TryResolve"/> and <see cref="EventCatalog.Search"/>
/// on every keystroke: any text must give a perf string or an error message, never an exception, and quickly.
/// </summary>
public sealed class EventCatalogFuzzTests
{
    /// <summary>PMUs as a Skylake desktop and an Alder Lake hybrid expose them; the cbox has a cmask field, the arb a thresh.</summary>
    private sealed class FixedPmuTopology(params string[] pmus) : IPmuTopology
    {
        public bool PmuExists(string pmu) => pmus.Contains(pmu);

        public bool? HasFormat(string pmu, string term) =>
            pmus.Contains(pmu) ? term != "cmask" || pmu.StartsWith("uncore_cbox", StringComparison.Ordinal) : null;

        public bool? HasPmu(string pmu) => pmus.Contains(pmu) || pmus.Contains(pmu + "_0");
    }

    private static EventCatalog Catalog(string perfList, string cpuString, IPmuTopology topology) =>
        EventCatalogBuilder.Build(PerfListParser.Parse(File.ReadAllText(CatalogTestData.Golden(perfList))), null,
            IntelEventListLoader.Load(new IntelEventSources(cpuString, CatalogTestData.PerfmonDirectory, "/nonexistent-cache"), topology),
            topology);

    private static readonly Lazy<EventCatalog[]> Catalogs = new(() =>
    [
        Catalog("perf-list-root.txt", "GenuineIntel-6-5E", new FixedPmuTopology("cpu", "uncore_arb", "uncore_cbox_0", "uncore_cbox_1")),
        Catalog("perf-list-intel-handmade.txt", "GenuineIntel-6-97", new FixedPmuTopology("cpu_core", "cpu_atom")),
        // perf run as nobody lists no tracepoints, and no Intel list was found for the CPU
        Catalog("perf-list-nobody.txt", "GenuineIntel-6-FF", EmptyPmuTopology.Instance),
    ]);

    /// <summary>Qualifier and syntax fragments of ocperf and perf, including values that do not fit in 64 bits.</summary>
    private static readonly string[] Fragments =
    [
        ":", ":u", ":k", ":pp", ":ppp", ":c1", ":cmask=2", ":e1", ":i1", ":sup", ":usr=yes", ":os=no", ":amt1", ":u0x12",
        ":c99999999999999999999999", ":cmask=0x1ffffffffffffffffff", ":u0x1ffffffffffffffffff", ":sa=99999999999999999999",
        ":period=18446744073709551616", ":event_select=0x1ffffffffffffffffff", ":ocr_msr_val=0x1ffffffffffffffffff",
        ":filter1=0x1ffffffffffffffffff", ":filter1=0xffffffff", ":t=99999999999999999999", ":opc=0x1ffffffffffffffffff",
        ":one_unit", ":nc=1", ":match=0x", ":request=dmnd_data_rd:response=any_response", ":request=", ":response=", "_ps",
        ",", ",", "{", "}", "/", "cpu/", "cpu_atom/", "cpu_core/", "uncore_cbox/", "/u", "/pp", ",name=x", "=", " ", "\0",
        "r1a8", "r", "mem:0x1000", "sched:sched_switch", "sched:*", "syscalls:sys_enter_*:u", "*", "?", "[", "]",
    ];

    private static string RandomEvent(Random random, EventCatalog catalog)
    {
        var text = new StringBuilder();
        for (var parts = random.Next(1, 6); parts > 0; parts--)
        {
            if (random.Next(3) == 0 && catalog.Entries.Count > 0)
            {
                var name = catalog.Entries[random.Next(catalog.Entries.Count)].Name;
                text.Append(random.Next(4) == 0 ? name.ToUpperInvariant() : name);
            }
            else if (random.Next(6) == 0)
            {
                text.Append(Fuzz.TokenText(random, random.Next(1, 30)));
            }
            else
            {
                text.Append(Fragments[random.Next(Fragments.Length)]);
            }
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Any_typed_text_resolves_or_explains(int seed)
    {
        var random = new Random(seed);
        foreach (var catalog in Catalogs.Value)
        {
            for (var round = 0; round < 300; round++)
            {
                var userEvent = random.Next(5) == 0 ? Fuzz.AnyText(random, random.Next(0, 200)) : RandomEvent(random, catalog);
                var forRecord = random.Next(2) == 0;
                var context = $"seed {seed}, {catalog.CpuString}, '{userEvent}'";

                var resolved = catalog.TryResolve(userEvent, forRecord, out var perfEvent, out var error);

                if (resolved)
                {
                    Assert.True(error is null, $"{context}: resolved with an error '{error}'");
                    Assert.False(string.IsNullOrEmpty(perfEvent), context);
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(error), $"{context}: refused without saying why");
                    Assert.Equal("", perfEvent);
                }
                // the catalog is immutable: the same text always gives the same answer
                Assert.Equal(resolved, catalog.TryResolve(userEvent, forRecord, out var again, out _));
                Assert.Equal(perfEvent, again);
            }
        }
    }

    [Theory]
    [InlineData("inst_retired.any:c99999999999999999999")]
    [InlineData("INST_RETIRED.ANY:u0x1ffffffffffffffffff:pp")]
    [InlineData("unc_arb_trk_requests.all:filter1=0x1ffffffffffffffffff")]
    public void A_qualifier_value_beyond_64_bits_is_refused_with_a_reason(string userEvent)
    {
        // found by the fuzzer: the value reached ulong.Parse and the OverflowException escaped TryResolve
        Assert.False(Catalogs.Value[0].TryResolve(userEvent, forRecord: false, out _, out var error));
        Assert.Contains("does not fit in 64 bits", error);
    }

    [Theory]
    [MemberData(nameof(Fuzz.Seeds), MemberType = typeof(Fuzz))]
    public void Any_query_gives_at_most_limit_distinct_entries_of_the_catalog(int seed)
    {
        var random = new Random(seed);
        foreach (var catalog in Catalogs.Value)
        {
            var entries = catalog.Entries.ToHashSet(ReferenceEqualityComparer.Instance);
            for (var round = 0; round < 40; round++)
            {
                var query = random.Next(3) switch
                {
                    0 => Fuzz.AnyText(random, random.Next(0, 40)),
                    1 => RandomEvent(random, catalog),
                    _ => new string(' ', random.Next(3)),
                };
                var limit = random.Next(6) switch
                {
                    0 => random.Next(int.MinValue, 1),
                    1 => int.MaxValue,
                    _ => random.Next(1, 200),
                };
                var context = $"seed {seed}, {catalog.CpuString}, '{query}', limit {limit}";

                var results = catalog.Search(query, limit);

                Assert.True(results.Count <= Math.Max(0, limit), context);
                Assert.All(results, r => Assert.Contains(r, entries));
                Assert.Equal(results.Count, results.Distinct(ReferenceEqualityComparer.Instance).Count());
            }
        }
    }

    public static TheoryData<string> LongInputShapes =>
        ["random tokens", "slashes", "pmu terms", "commas", "braces", "colons", "repeated search terms", "an intel name with many qualifiers"];

    [Theory]
    [MemberData(nameof(LongInputShapes))]
    public async Task Long_typed_text_resolves_and_searches_in_bounded_time(string shape)
    {
        var random = new Random(shape.Length);
        // far longer than any event box or query string, so that a quadratic path shows as seconds
        const int Length = 64 * 1024;
        var text = shape switch
        {
            "random tokens" => Fuzz.TokenText(random, Length),
            "slashes" => new string('/', Length),
            "pmu terms" => "cpu/" + string.Concat(Enumerable.Repeat("event=0x3c,umask=1,", Length / 19)) + "/u",
            "commas" => string.Concat(Enumerable.Repeat("cycles,", Length / 7)),
            "braces" => string.Concat(Enumerable.Repeat("{cycles,instructions}", Length / 21)),
            "colons" => "inst_retired.any" + new string(':', Length),
            "repeated search terms" => string.Concat(Enumerable.Repeat("e ", Length / 2)),
            _ => "inst_retired.any" + string.Concat(Enumerable.Repeat(":c1:u:pp:sup", Length / 12)),
        };
        foreach (var catalog in Catalogs.Value)
        {
            await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"resolving '{shape}' with {catalog.CpuString}",
                () => catalog.TryResolve(text, forRecord: true, out _, out _));
            await Fuzz.WithinAsync(Fuzz.MegabyteLimit, $"searching '{shape}' with {catalog.CpuString}", () => catalog.Search(text, 50));
        }
    }
}
