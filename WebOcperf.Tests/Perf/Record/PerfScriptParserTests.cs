using System.Text;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf.Record;

public sealed class PerfScriptParserTests : IDisposable
{
    private readonly RecordTestSupport _support = new();

    public void Dispose() => _support.Dispose();

    public static TheoryData<string> GoldenFiles() =>
    [
        "callchain-kernel-user.txt", "two-events-callchain.txt", "two-events-no-callchain.txt",
        "comm-with-spaces-callchain.txt", "comm-with-spaces-no-callchain.txt", "dotnet-jit-callchain.txt",
        "default-event-no-callchain.txt", "download-default-format.txt", "unknown-frames-callchain.txt",
    ];

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Every_sample_of_a_golden_file_is_read_and_no_line_is_skipped(string golden)
    {
        var text = RecordTestSupport.GoldenText(golden);

        var profile = _support.ParseText(text);

        Assert.Equal(RecordTestSupport.CountHeaderLines(text), profile.SampleCount);
        Assert.Equal(0, profile.SkippedLines);
        var folded = Enumerable.Range(0, profile.Events.Count)
            .Sum(eventId => FoldedCounts(profile.Select(eventId).Folded()).Sum());
        Assert.Equal(profile.SampleCount, folded);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Reads_that_split_lines_anywhere_give_the_same_profile(string golden)
    {
        var bytes = File.ReadAllBytes(RecordTestSupport.GoldenPath(golden));

        var whole = _support.ParseBytes(bytes);
        var trickled = _support.ParseBytes(bytes, maxReadSize: 7);

        Assert.Equal(whole.SampleCount, trickled.SampleCount);
        Assert.Equal(whole.Select(0).Folded(), trickled.Select(0).Folded());
    }

    [Fact]
    public void Kernel_and_user_frames_with_call_chains()
    {
        var profile = _support.ParseGolden("callchain-kernel-user.txt");

        Assert.Equal(["task-clock"], profile.Events);
        var selection = profile.Select(0);
        Assert.Equal(29, selection.Samples);
        Assert.Equal(29 * 1001001L, selection.Period);
        Assert.Equal([("head", 15L), ("cat", 10L), ("sh", 4L)], selection.ByComm().Select(c => (c.Name, c.Weight)));
        Assert.Contains(selection.TopFunctions(limit: 1000), f => f.Dso == "[kernel.kallsyms]" && f.Symbol == "__schedule");
        Assert.Contains(selection.ByDso(), d => d.Name == "[kernel.kallsyms]");
        // Frames are printed leaf first; folded lines are root first.
        var first = selection.Folded().Split('\n')[0];
        Assert.StartsWith("cat;", first);
    }

    [Fact]
    public void Two_events_in_one_recording_with_call_chains()
    {
        var profile = _support.ParseGolden("two-events-callchain.txt");

        Assert.Equal(["page-faults", "task-clock"], profile.Events);
        var faults = profile.Select(profile.EventIndex("page-faults"));
        Assert.Equal(13, faults.Samples);
        Assert.Equal(558, faults.Period);
        var clock = profile.Select(profile.EventIndex("task-clock"));
        Assert.Equal(17, clock.Samples);
        Assert.Equal(17017017, clock.Period);
        Assert.Contains(faults.TopFunctions(), f => f.Symbol == "elf_load" && f.Dso == "[kernel.kallsyms]");
    }

    [Fact]
    public void One_line_samples_with_two_events_and_padded_event_names()
    {
        var profile = _support.ParseGolden("two-events-no-callchain.txt");

        Assert.Equal(["page-faults", "task-clock"], profile.Events);
        Assert.Equal(7, profile.Select(0).Samples);
        Assert.Equal(1036, profile.Select(0).Period);
        Assert.Equal(106, profile.Select(1).Samples);
        Assert.Equal([("sh", 111L), ("ls", 2L)],
            profile.Events.Select((_, e) => profile.Select(e)).SelectMany(s => s.ByComm())
                .GroupBy(c => c.Name).Select(g => (g.Key, g.Sum(c => c.Weight))).OrderByDescending(c => c.Item2));
        var first = profile.Select(0).Folded().Split('\n');
        Assert.Contains("sh;elf_load 2", first);
        Assert.Contains(profile.Select(0).TopFunctions(), f => f.Symbol == "_dl_start" && f.Dso == "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    }

    [Fact]
    public void Comm_with_spaces_and_recursion_in_call_chains()
    {
        var profile = _support.ParseGolden("comm-with-spaces-callchain.txt");
        var selection = profile.Select(0);

        Assert.Equal([("my prog", 15L), ("pool worker 1", 14L)], selection.ByComm().Select(c => (c.Name, c.Weight)));
        var worker = Assert.Single(selection.ByThread(), t => t.Comm == "pool worker 1");
        Assert.Equal((5529, 5531), (worker.Pid, worker.Tid));
        var process = Assert.Single(selection.ByProcess());
        Assert.Equal(("my prog", 5529, 29L), (process.Comm, process.Pid, process.Weight));

        // recurse() appears four times in every stack but counts once per sample.
        var recurse = selection.TopFunctions().Single(f => f.Symbol == "recurse");
        Assert.Equal("/tmp/rec/my prog", recurse.Dso);
        Assert.Equal(29, recurse.Self);
        Assert.Equal(29, recurse.Total);
        Assert.Equal(1.0, recurse.TotalShare);
        Assert.Contains(selection.TopFunctions(), f =>
            f.Symbol == "std::thread::_State_impl<std::thread::_Invoker<std::tuple<main::{lambda()#1}> > >::_M_run");
        Assert.Contains(selection.Folded().Split('\n'), line =>
            line.StartsWith("pool worker 1;[libstdc++.so.6.0.30];std::thread::_State_impl<", StringComparison.Ordinal) &&
            line.Contains(";work::Spinner::spin;recurse;recurse;recurse;recurse ", StringComparison.Ordinal));
    }

    [Fact]
    public void Right_aligned_comm_with_spaces_in_one_line_samples()
    {
        var profile = _support.ParseGolden("comm-with-spaces-no-callchain.txt");

        Assert.Equal(["my prog", "pool worker 1"], profile.Comms);
        Assert.Equal([("pool worker 1", 76L), ("my prog", 74L)], profile.Select(0).ByComm().Select(c => (c.Name, c.Weight)));
    }

    [Fact]
    public void Dotnet_jit_symbols_with_spaces_and_parentheses()
    {
        var profile = _support.ParseGolden("dotnet-jit-callchain.txt");
        var selection = profile.Select(0);

        Assert.Equal([("Spin Worker", 8L), ("busy", 5L)], selection.ByComm().Select(c => (c.Name, c.Weight)));
        Assert.Contains(selection.TopFunctions(limit: 1000), f =>
            f.Symbol == "float64 [busy] Program::<<Main>$>g__Spin|0_0(int32)[OptimizedTier1OSR]" && f.Dso == "/tmp/perf-5761.map");
    }

    [Fact]
    public void Default_event_with_modifier()
    {
        var profile = _support.ParseGolden("default-event-no-callchain.txt");

        Assert.Equal(["cpu-clock:ppp"], profile.Events);
        Assert.Equal(51, profile.SampleCount);
        var unsymbolized = profile.Select(0).TopFunctions().First();
        Assert.Equal(("[dash]", "/usr/bin/dash"), (unsymbolized.Symbol, unsymbolized.Dso));
    }

    [Fact]
    public void Default_format_offsets_are_dropped_and_microsecond_times_read()
    {
        var withOffsets = _support.ParseGolden("download-default-format.txt");

        Assert.Equal(24, withOffsets.SampleCount);
        Assert.DoesNotContain(Enumerable.Range(0, withOffsets.FrameCount), frame => withOffsets.FrameSymbol(frame).Contains("+0x"));
        Assert.Contains(withOffsets.Select(0).TopFunctions(), f => f.Symbol == "recurse" && f.Self == 24);
        // 502.960514 … 503.237351 s
        Assert.Equal(0.276837, withOffsets.DurationSeconds, 6);
    }

    [Fact]
    public void Frames_without_a_symbol_are_named_by_their_binary_and_unknown_only_when_the_binary_is_unknown_too()
    {
        var profile = _support.ParseGolden("unknown-frames-callchain.txt");
        var selection = profile.Select(0);
        var functions = selection.TopFunctions(limit: 1000);

        Assert.Contains(functions, f => f.Symbol == "[unknown]" && f.Dso == "[unknown]" && f.Total > 0);
        Assert.Contains(functions, f => f.Symbol == "[dash]" && f.Dso == "/usr/bin/dash" && f.Self > 0);
        Assert.DoesNotContain(functions, f => f.Symbol == "[unknown]" && f.Dso != "[unknown]");
        Assert.Contains(selection.ByDso(), d => d.Name == "/usr/bin/dash");
        // unknown-frames-callchain.folded holds what stackcollapse-perf.pl's rules give for this file: [unknown]
        // named [basename of the binary] unless the binary is [unknown] too (see Golden/README.md).
        Assert.Equal(RecordTestSupport.GoldenText("unknown-frames-callchain.folded"), selection.Folded());
    }

    [Fact]
    public void Symbols_with_spaces_parentheses_offsets_and_nested_dso_parentheses()
    {
        const string text =
            "my prog  10/11  1.000000001:   100 cpu-clock:\n" +
            "\t  4005d6 foo(int, char const*)+0x1a (/tmp/a b/prog)\n" +
            "\t  4005f0 operator+(A const&, A const&) (/tmp/a b/prog)\n" +
            "\t  7f0000 [unknown] (/memfd:doublemapper (deleted))\n" +
            "\t       0 [unknown] ([unknown])\n" +
            "\n" +
            "my prog  10/11  1.000000002:   100 cpu-clock:\n" +
            "\t  4005d0 foo(int, char const*)+0x10 (/tmp/a b/prog)\n" +
            "\n";

        var profile = _support.ParseText(text);
        var functions = profile.Select(0).TopFunctions();

        Assert.Equal(0, profile.SkippedLines);
        var foo = functions.Single(f => f.Symbol == "foo(int, char const*)");
        Assert.Equal(("/tmp/a b/prog", 2L, 2L), (foo.Dso, foo.Self, foo.Total));
        Assert.Contains(functions, f => f.Symbol == "operator+(A const&, A const&)" && f.Total == 1);
        Assert.Contains(functions, f => f.Symbol == "[memfd:doublemapper (deleted)]" && f.Dso == "/memfd:doublemapper (deleted)");
        Assert.Equal(
            "my prog;[unknown];[memfd:doublemapper (deleted)];operator+(A const&, A const&);foo(int, char const*) 1\nmy prog;foo(int, char const*) 1\n",
            profile.Select(0).Folded());
    }

    [Fact]
    public void Tid_only_header_and_cpu_column()
    {
        const string text =
            "sh  4242   10.500000:    1001001 task-clock: \n\t  1 main (/bin/x)\n\n" +
            "sh  4242 [001]    10.600000:    1001001 task-clock: \n\t  1 main (/bin/x)\n\n";

        var profile = _support.ParseText(text);

        Assert.Equal(2, profile.SampleCount);
        Assert.Equal(0, profile.SkippedLines);
        var thread = Assert.Single(profile.Select(0).ByThread());
        Assert.Equal((4242, 4242, 2L), (thread.Pid, thread.Tid, thread.Weight));
        Assert.Equal(0.1, profile.DurationSeconds, 9);
    }

    [Fact]
    public void Garbage_and_truncation_are_counted_not_thrown()
    {
        var text =
            "garbage that is not perf output\n" +
            "\tframe line outside any sample 1 x (y)\n" +
            "sh  1/1  1.0:  5 task-clock:\n" +
            "\tnot a frame\n" +
            "\t  abc main (/bin/sh)\n" +
            "sh  1/1  notatime:  5 task-clock:\n" +
            "\u0000\u0001\u00ff binary\n" +
            "sh  1/1  2.0:  5 task-clock:\n" +
            "\t  abc ma";

        var profile = _support.ParseText(text);

        Assert.Equal(2, profile.SampleCount);
        Assert.Equal(6, profile.SkippedLines);
        Assert.Equal("sh;[unknown] 1\nsh;main 1\n", profile.Select(0).Folded());
    }

    [Fact]
    public void A_golden_file_cut_at_any_byte_never_throws()
    {
        var bytes = File.ReadAllBytes(RecordTestSupport.GoldenPath("callchain-kernel-user.txt"));
        var random = new Random(42);
        for (var i = 0; i < 40; i++)
        {
            var cut = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            if (i % 2 == 1)
            {
                cut[random.Next(cut.Length)] = (byte)random.Next(256);
            }

            var profile = _support.ParseBytes(cut);

            Assert.InRange(profile.SampleCount, 0, 29);
        }
    }

    [Fact]
    public void A_line_longer_than_the_buffer_is_handled()
    {
        var text = "sh  1/1  1.0:  5 task-clock:\n\t  1 " + new string('x', 3 << 20) + " (/bin/sh)\n\n" +
            "sh  1/1  2.0:  5 task-clock:\n\t  1 main (/bin/sh)\n\n";

        var profile = _support.ParseText(text);

        Assert.Equal(2, profile.SampleCount);
        Assert.Equal("sh;main 1\nsh;" + new string('x', 3 << 20) + " 1\n", profile.Select(0).Folded());
    }

    [Fact]
    public void Header_parser_finds_the_comm_end_by_the_header_grammar()
    {
        Assert.True(PerfScriptParser.TryParseHeader("kworker/0:1 12/12  5.000000001:   7 sched:sched_switch: x"u8,
            out var comm, out var pid, out var tid, out var timeNs, out var period, out var eventName, out var rest));
        Assert.Equal("kworker/0:1", Encoding.UTF8.GetString(comm));
        Assert.Equal((12, 12, 5_000_000_001L, 7L), (pid, tid, timeNs, period));
        Assert.Equal("sched:sched_switch", Encoding.UTF8.GetString(eventName));
        Assert.Equal("x", Encoding.UTF8.GetString(rest));

        Assert.True(PerfScriptParser.TryParseHeader("  Thread 2 Pool  300/301  1.5:  1 cpu-clock:ppp: "u8,
            out comm, out pid, out tid, out _, out _, out eventName, out rest));
        Assert.Equal(("Thread 2 Pool", 300, 301), (Encoding.UTF8.GetString(comm), pid, tid));
        Assert.Equal("cpu-clock:ppp", Encoding.UTF8.GetString(eventName));
        Assert.True(rest.IsEmpty);
    }

    private static IEnumerable<long> FoldedCounts(string folded) =>
        folded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..]));
}
