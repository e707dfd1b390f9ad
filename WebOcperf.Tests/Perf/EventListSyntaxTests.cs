using WebOcperf.Perf;

namespace WebOcperf.Tests.Perf;

public sealed class EventListSyntaxTests
{
    [Theory]
    [InlineData("task-clock", new[] { "task-clock" })]
    [InlineData("task-clock,page-faults", new[] { "task-clock", "page-faults" })]
    [InlineData(" task-clock , page-faults ,", new[] { "task-clock", "page-faults" })]
    [InlineData("cpu/event=0x3c,umask=0x0,name=x/u,task-clock", new[] { "cpu/event=0x3c,umask=0x0,name=x/u", "task-clock" })]
    [InlineData("{task-clock,page-faults}:S,cpu-clock", new[] { "{task-clock,page-faults}:S", "cpu-clock" })]
    [InlineData("{cpu/event=0x3c,umask=0/,cpu/event=0xc0/},page-faults", new[] { "{cpu/event=0x3c,umask=0/,cpu/event=0xc0/}", "page-faults" })]
    [InlineData("sched:sched_switch,r01c2", new[] { "sched:sched_switch", "r01c2" })]
    [InlineData("mem:0x1000/8,task-clock", new[] { "mem:0x1000/8", "task-clock" })]
    [InlineData(",,", new string[0])]
    public void Splits_only_at_the_commas_between_events(string list, string[] expected) =>
        Assert.Equal(expected, EventListSyntax.SplitTopLevel(list));

    [Theory]
    [InlineData("{task-clock,page-faults}:S,cpu-clock", new[] { "{task-clock", "page-faults}:S", "cpu-clock" })]
    [InlineData("cpu/event=0x3c,umask=0x0/,task-clock", new[] { "cpu/event=0x3c,umask=0x0/", "task-clock" })]
    [InlineData("mem:0x1000/8,task-clock", new[] { "mem:0x1000/8", "task-clock" })]
    public void Elements_split_groups_into_their_events_for_resolution(string list, string[] expected) =>
        Assert.Equal(expected, EventListSyntax.SplitElements(list));
}
