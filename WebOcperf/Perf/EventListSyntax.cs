using System.Text;

namespace WebOcperf.Perf;

/// <summary>
/// perf's <c>-e</c> list syntax: where one event ends and the next begins. A '/' opens a PMU event's term list only
/// right after a PMU name (<c>cpu/event=0x3c,umask=0/</c>), so <c>mem:0x1000/8</c> is no term list. The event picker
/// splits typed text by the same rules (<c>splitEventList</c> in wwwroot-src/src/event-picker.js): change both together.
/// </summary>
public static class EventListSyntax
{
    /// <summary>
    /// Every event of the list, also those inside a group: <c>{a,b}:S,c</c> gives <c>{a</c>, <c>b}:S</c> and <c>c</c>,
    /// each with its braces, for resolving one event at a time.
    /// </summary>
    public static List<string> SplitElements(string list) => Split(list, keepGroups: false);

    /// <summary>
    /// The entries of the list as a person chooses them: groups stay whole, so <c>{a,b}:S,c</c> gives <c>{a,b}:S</c>
    /// and <c>c</c>. Entries are trimmed; empty ones are dropped.
    /// </summary>
    public static IReadOnlyList<string> SplitTopLevel(string list) =>
        Split(list, keepGroups: true).Select(e => e.Trim()).Where(e => e.Length > 0).ToList();

    private static List<string> Split(string text, bool keepGroups)
    {
        var elements = new List<string>();
        var current = new StringBuilder();
        var insidePmuTerms = false;
        var groupDepth = 0;
        // whether the element so far, without its leading '{', is a PMU name (and so a '/' opens its terms); tracked
        // per character, because matching the whole element again at every '/' made a run of slashes quadratic
        var bracesOnly = true;
        var pmuName = false;
        foreach (var c in text)
        {
            if (c == '/' && (insidePmuTerms || pmuName))
            {
                insidePmuTerms = !insidePmuTerms;
            }
            if (!insidePmuTerms)
            {
                if (c == '{')
                {
                    groupDepth++;
                }
                else if (c == '}' && groupDepth > 0)
                {
                    groupDepth--;
                }
            }
            if (c == ',' && !insidePmuTerms)
            {
                bracesOnly = true;
                pmuName = false;
                if (!keepGroups || groupDepth == 0)
                {
                    elements.Add(current.ToString());
                    current.Clear();
                    continue;
                }
                current.Append(c);
                continue;
            }
            current.Append(c);
            if (bracesOnly && c == '{')
            {
                continue;
            }
            pmuName = (bracesOnly || pmuName) && IsPmuNameChar(c);
            bracesOnly = false;
        }
        if (current.Length > 0 || elements.Count > 0)
        {
            elements.Add(current.ToString());
        }
        return elements;
    }

    private static bool IsPmuNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
