using System.Text.RegularExpressions;

namespace WebOcperf.Tests.Architecture;

/// <summary>One place in a source file where a top-level folder uses another.</summary>
public sealed record FolderUse(string From, string To, string File, int Line, string Text)
{
    public override string ToString() => $"{File}:{Line} `{Text}`";
}

/// <summary>
/// Which top-level folders of the web project use which, read from the source: C# and Razor alike, because Razor views
/// compile into <c>AspNetCoreGeneratedDocument</c>, out of sight of an assembly-level check. A folder uses another
/// through a <c>using</c>/<c>@using</c> line, a qualified name anywhere (<c>@model</c>, <c>@inject</c>, code, attributes:
/// <c>WebOcperf.X.Y</c>, or <c>X.Y</c> from inside <c>namespace WebOcperf.*</c>, where it means the same), a partial
/// named by its path (<c>/X/_Partial.cshtml</c>) or by a name that only the shared folder holds. A <c>_ViewImports</c> or
/// <c>_ViewStart</c> file applies to every folder below it that has views.
/// </summary>
public sealed partial class FolderDependencies
{
    private readonly string root;
    private readonly IReadOnlySet<string> folders;
    private readonly Func<string, bool> isNamespaceOrType;

    /// <param name="root">The project directory (holding Program.cs).</param>
    /// <param name="isNamespaceOrType">
    /// Whether a full name (<c>WebOcperf.Running.PerfInstallation</c>) is a namespace or a type of the project: it tells
    /// <c>Events.EventCatalogService</c> (a use of the Events folder) from <c>result.Events.Count</c> (a property).
    /// </param>
    public FolderDependencies(string root, Func<string, bool> isNamespaceOrType)
    {
        this.root = root;
        this.isNamespaceOrType = isNamespaceOrType;
        folders = Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "wwwroot") && !name.StartsWith('.'))
            .ToHashSet(StringComparer.Ordinal);
        Uses = Scan();
    }

    public IReadOnlySet<string> Folders => folders;

    /// <summary>Every use of one folder by another (a folder's use of itself is left out).</summary>
    public IReadOnlyList<FolderUse> Uses { get; }

    /// <summary>Files whose <c>namespace</c> is not their folder's, which would hide their uses from this check.</summary>
    public IReadOnlyList<string> MisplacedNamespaces { get; private set; } = [];

    /// <summary>
    /// The cycles among the folders, one per strongly connected group of folders, each as a readable path
    /// (<c>Sessions → Benchmarks → Sessions</c>) followed by one place in the source for each of its steps.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var edges = Uses.GroupBy(u => (u.From, u.To)).ToDictionary(g => g.Key, g => g.First());
        var next = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var cycles = new List<string>();
        foreach (var group in StronglyConnected(next).Where(g => g.Count > 1))
        {
            var path = CycleWithin(group, next);
            var steps = path.Zip(path.Skip(1), (from, to) => $"  {from} → {to}: {edges[(from, to)]}");
            cycles.Add($"{string.Join(" → ", path)}\n{string.Join("\n", steps)}");
        }
        return cycles;
    }

    private List<FolderUse> Scan()
    {
        var uses = new List<FolderUse>();
        var misplaced = new List<string>();
        var viewFolders = Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories)
            .Select(Relative).Where(IsSource).Select(TopFolder).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories))
        {
            var relative = Relative(path);
            if (!IsSource(relative) || !(relative.EndsWith(".cs", StringComparison.Ordinal) || relative.EndsWith(".cshtml", StringComparison.Ordinal)))
            {
                continue;
            }
            var fileName = Path.GetFileName(relative);
            var folder = TopFolder(relative);
            // _ViewImports/_ViewStart apply to the views of their folder and of every folder below it
            IEnumerable<string> users = fileName is "_ViewImports.cshtml" or "_ViewStart.cshtml"
                ? folder is null ? viewFolders : [folder]
                : folder is null ? [] : [folder]; // Program.cs, the composition root, lists every feature by design
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var declared = NamespaceDeclaration().Match(line);
                if (declared.Success)
                {
                    var name = declared.Groups["name"].Value;
                    if (relative.EndsWith(".cs", StringComparison.Ordinal) && folder is not null
                        && name != $"WebOcperf.{folder}" && !name.StartsWith($"WebOcperf.{folder}.", StringComparison.Ordinal))
                    {
                        misplaced.Add($"{relative}:{i + 1} `{line.Trim()}`");
                    }
                    continue;
                }
                foreach (var used in UsedFolders(line, relative))
                {
                    foreach (var user in users.Where(u => u != used))
                    {
                        uses.Add(new FolderUse(user, used, relative, i + 1, line.Trim()));
                    }
                }
            }
        }
        MisplacedNamespaces = misplaced;
        return uses;
    }

    private IEnumerable<string> UsedFolders(string line, string file)
    {
        foreach (Match qualified in QualifiedName().Matches(line))
        {
            var first = qualified.Groups["first"].Value;
            var rest = qualified.Groups["rest"].Value;
            if (!folders.Contains(first))
            {
                continue;
            }
            // WebOcperf.X… is always the folder X; a bare X.Y only when X.Y names a namespace or type of the project
            if (qualified.Groups["root"].Success || isNamespaceOrType($"WebOcperf.{first}.{rest.Split('.')[0]}"))
            {
                yield return first;
            }
        }
        foreach (Match partial in PartialName().Matches(line))
        {
            var name = partial.Groups["name"].Value;
            if (name.StartsWith('/') || name.StartsWith("~/", StringComparison.Ordinal))
            {
                var target = TopFolder(name.TrimStart('~', '/'));
                if (target is not null && folders.Contains(target))
                {
                    yield return target;
                }
            }
            else if (folders.Contains("Shared") && !File.Exists(Path.Combine(root, Path.GetDirectoryName(file)!, name + ".cshtml"))
                     && File.Exists(Path.Combine(root, "Shared", name + ".cshtml")))
            {
                // a bare name is looked up in the view's folder, then in /Shared
                yield return "Shared";
            }
        }
    }

    private string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static bool IsSource(string relative) =>
        !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal)
        && !relative.StartsWith("wwwroot/", StringComparison.Ordinal);

    private static string? TopFolder(string relative)
    {
        var slash = relative.IndexOf('/');
        return slash < 0 ? null : relative[..slash];
    }

    /// <summary>Tarjan's algorithm: the groups of folders that reach each other.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var groups = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }
            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);
                groups.Add(group);
            }
        }
        foreach (var node in next.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return groups;
    }

    /// <summary>A shortest way from the group's first folder back to itself, staying inside the group.</summary>
    private static List<string> CycleWithin(List<string> group, Dictionary<string, List<string>> next)
    {
        var start = group.Order(StringComparer.Ordinal).First();
        var members = group.ToHashSet();
        var cameFrom = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!members.Contains(to))
                {
                    continue;
                }
                if (to == start)
                {
                    var path = new List<string> { node };
                    while (path[0] != start)
                    {
                        path.Insert(0, cameFrom[path[0]]);
                    }
                    path.Add(start);
                    return path;
                }
                if (cameFrom.TryAdd(to, node))
                {
                    queue.Enqueue(to);
                }
            }
        }
        throw new InvalidOperationException("a strongly connected group without a cycle");
    }

    [GeneratedRegex(@"^\s*@?namespace\s+(?<name>[\w.]+)")]
    private static partial Regex NamespaceDeclaration();

    // WebOcperf.X.Y, global::WebOcperf.X.Y, or X.Y not preceded by another name part (x.Events.Count is a member access)
    [GeneratedRegex(@"(?<![\w.])(?:global::)?(?:(?<root>WebOcperf\.)(?<first>[A-Z]\w*)(?:\.(?<rest>[\w.]*))?|(?<first>[A-Z]\w*)\.(?<rest>[A-Z][\w.]*))")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("""(?:<partial\s+name=|PartialAsync\(|Partial\(|Layout\s*=\s*)"(?<name>[^"]+?)(?:\.cshtml)?"(?!\w)""")]
    private static partial Regex PartialName();
}
