namespace WebOcperf.Perf;

/// <summary>
/// perf's <c>-e</c> list syntax: where one event ends and the next begins. The event picker splits typed text by the
/// same rule (<c>splitEventList</c> in wwwroot-src/src/event-picker.js): change both together.
/// </summary>
public static class EventListSyntax
{
    /// <summary>
    /// Splits an event list at the commas that separate events — not at those inside a PMU event's terms
    /// (<c>cpu/event=0x3c,umask=0/</c>) or inside a group (<c>{task-clock,page-faults}:S</c>).
    /// </summary>
    public static IReadOnlyList<string> SplitTopLevel(string list)
    {
        var events = new List<string>();
        var groupDepth = 0;
        var inTerms = false;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '{':
                    groupDepth++;
                    break;
                case '}' when groupDepth > 0:
                    groupDepth--;
                    break;
                case '/':
                    inTerms = !inTerms;
                    break;
                case ',' when groupDepth == 0 && !inTerms:
                    events.Add(list[start..i]);
                    start = i + 1;
                    break;
            }
        }
        events.Add(list[start..]);
        return events.Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
    }
}
