using System.Globalization;
using System.Text;
using WebOcperf.Perf.Compare;
using WebOcperf.Tests.Perf.Record;

namespace WebOcperf.Tests.Perf.Compare;

public sealed class DifferentialProfileTests : IDisposable
{
    private readonly RecordTestSupport _support = new();

    public void Dispose() => _support.Dispose();

    private static IEnumerable<(string, long)> Folded(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (line[..line.LastIndexOf(' ')], long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)));

    private static string Write(IReadOnlyList<(string, long, long)> lines)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        DifferentialProfile.WriteFolded(writer, lines);
        return writer.ToString();
    }

    /// <summary>One call-chain sample of perf script; frames leaf first as "symbol+0xoff@dso" with a given address.</summary>
    private static string Sample(string comm, long address, params string[] framesLeafFirst)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{comm}  10/10  1.000000001:   1000 task-clock:\n");
        foreach (var frame in framesLeafFirst)
        {
            var at = frame.IndexOf('@');
            text.Append(CultureInfo.InvariantCulture, $"\t  {address++:x} {frame[..at]} ({frame[(at + 1)..]})\n");
        }
        return text.Append('\n').ToString();
    }

    [Fact]
    public void Golden_pair_gives_difffolded_lines_with_zero_where_absent()
    {
        const string baseFolded = "app;main;a 3\napp;main;b 2\nsh;[dash] 1\n";
        const string otherFolded = "app;main;a 1\napp;main;c 5\nsh;[dash] 1\n";

        var lines = DifferentialProfile.Merge(Folded(baseFolded), Folded(otherFolded));

        // by hand: a 3 → 1, b only in base, c only in the other, [dash] the same
        Assert.Equal("app;main;a 3 1\napp;main;b 2 0\napp;main;c 0 5\nsh;[dash] 1 1\n", Write(lines));
    }

    [Fact]
    public void Matching_ignores_addresses_offsets_and_directories_of_the_binary()
    {
        var basePerf = _support.ParseText(
            Sample("app", 0x4000, "work+0x10@/build/1/app", "main+0x5@/build/1/app") +
            Sample("app", 0x7f00, "[unknown]@/usr/lib/libc.so.6", "main+0x9@/build/1/app"));
        var otherPerf = _support.ParseText(
            Sample("app", 0x9000, "work+0x22@/build/2/app", "main+0x7@/build/2/app") +
            Sample("app", 0x9000, "work+0x24@/build/2/app", "main+0x7@/build/2/app") +
            Sample("app", 0x1234, "[unknown]@/lib/libc.so.6", "main+0x1@/build/2/app"));

        var lines = DifferentialProfile.Merge(basePerf.Select(0).FoldedStacks(), otherPerf.Select(0).FoldedStacks());
        Assert.Equal("app;main;[libc.so.6] 1 1\napp;main;work 1 2\n", Write(lines));

        var functions = ProfileComparison.Compare(basePerf.Select(0), [otherPerf.Select(0)]).Functions;
        var work = Assert.Single(functions, f => f.Name == "work");
        Assert.Equal("app", work.Dso);
        Assert.Equal(PresenceStatus.Both, work.Runs[0].Status);
        Assert.Equal(2.0 / 3 - 0.5, work.Runs[0].DeltaSelfShare, 12);
        Assert.Equal(PresenceStatus.Both, Assert.Single(functions, f => f.Name == "[libc.so.6]").Runs[0].Status);
        Assert.Equal(PresenceStatus.Both, Assert.Single(functions, f => f.Name == "main").Runs[0].Status);
        Assert.Equal(0, functions.Single(f => f.Name == "main").Runs[0].DeltaTotalShare, 12);
    }

    [Fact]
    public void New_and_vanished_functions_commands_and_binaries_are_marked()
    {
        var basePerf = _support.ParseText(Sample("app", 1, "old@/bin/app", "main@/bin/app") + Sample("app", 1, "main@/bin/app"));
        var otherPerf = _support.ParseText(Sample("app", 1, "main@/bin/app") + Sample("gzip", 1, "deflate@/usr/bin/gzip"));

        var comparison = ProfileComparison.Compare(basePerf.Select(0), [otherPerf.Select(0)]);

        Assert.Equal(PresenceStatus.Vanished, comparison.Functions.Single(f => f.Name == "old").Runs[0].Status);
        var deflate = comparison.Functions.Single(f => f.Name == "deflate");
        Assert.Equal((PresenceStatus.New, "gzip", 0L, 0.5), (deflate.Runs[0].Status, deflate.Dso, deflate.Base.Self, deflate.Runs[0].Cell.SelfShare));
        Assert.Equal(PresenceStatus.New, comparison.Comms.Single(c => c.Name == "gzip").Runs[0].Status);
        Assert.Equal(PresenceStatus.New, comparison.Dsos.Single(d => d.Name == "gzip").Runs[0].Status);
        Assert.Equal(-0.5, comparison.Comms.Single(c => c.Name == "app").Runs[0].DeltaSelfShare, 12);
        // sorted by |Δ self share|: deflate (+0.5), then main (0.5 → 0.5 self: 0) after old (−0.5)
        Assert.Equal(0.5, comparison.Functions[0].LargestAbsoluteDeltaSelf, 12);
        Assert.Equal(0, comparison.Functions[^1].LargestAbsoluteDeltaSelf, 12);
    }

    [Fact]
    public void Twice_the_samples_with_the_same_shape_is_neutral_everywhere()
    {
        const string baseFolded = "app;main;a 30\napp;main;b 10\napp;main 5\nsh;[dash] 5\n";
        const string otherFolded = "app;main;a 60\napp;main;b 20\napp;main 10\nsh;[dash] 10\n";

        var tree = DifferentialProfile.Tree(DifferentialProfile.Merge(Folded(baseFolded), Folded(otherFolded)));

        Assert.Equal((50L, 100L), (tree.BaseTotal, tree.OtherTotal));
        var nodes = new List<DifferentialNode>();
        void Walk(DifferentialNode node)
        {
            nodes.Add(node);
            foreach (var child in node.Children)
            {
                Walk(child);
            }
        }
        Walk(tree.Root);
        Assert.Equal(7, nodes.Count);
        Assert.All(nodes, node => Assert.Equal(0, DifferentialProfile.ShareChange(node.Base, tree.BaseTotal, node.Other, tree.OtherTotal), 12));
        var main = tree.Root.Children.Single(c => c.Name == "app").Children.Single();
        Assert.Equal((5L, 10L), (main.BaseSelf, main.OtherSelf));
    }

    [Fact]
    public void Share_change_is_positive_where_a_frame_grew_and_trimming_keeps_what_is_wide_on_either_side()
    {
        Assert.Equal(0.3, DifferentialProfile.ShareChange(10, 100, 40, 100), 12);
        Assert.Equal(-0.1, DifferentialProfile.ShareChange(20, 100, 10, 100), 12);

        var lines = DifferentialProfile.Merge(Folded("app;big 999\napp;gone 1\n"), Folded("app;big 500\napp;came 500\n"));
        var tree = DifferentialProfile.Tree(lines, minShare: 0.01);
        Assert.Equal(["big", "came"], tree.Root.Children.Single().Children.Select(c => c.Name));
        Assert.Equal(1, tree.TrimmedNodes);
        Assert.Contains("\"baseTotal\":1000", tree.ToJson(), StringComparison.Ordinal);
    }
}
