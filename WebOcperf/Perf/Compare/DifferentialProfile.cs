using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WebOcperf.Perf.Compare;

/// <summary>
/// Two recordings' folded stacks side by side: FlameGraph's difffolded.pl format (<c>stack base other</c>, one line
/// per stack present in either, 0 where absent) and the merged tree the differential flame graph draws.
/// </summary>
public static class DifferentialProfile
{
    /// <summary>
    /// The lines difffolded.pl prints for two folded files (counts as given, not normalised), sorted by stack.
    /// </summary>
    public static IReadOnlyList<(string Stack, long Base, long Other)> Merge(
        IEnumerable<(string Stack, long Weight)> baseStacks, IEnumerable<(string Stack, long Weight)> otherStacks)
    {
        var merged = new Dictionary<string, (long Base, long Other)>(StringComparer.Ordinal);
        foreach (var (stack, weight) in baseStacks)
        {
            var known = merged.GetValueOrDefault(stack);
            merged[stack] = (known.Base + weight, known.Other);
        }
        foreach (var (stack, weight) in otherStacks)
        {
            var known = merged.GetValueOrDefault(stack);
            merged[stack] = (known.Base, known.Other + weight);
        }
        return [.. merged.OrderBy(line => line.Key, StringComparer.Ordinal).Select(line => (line.Key, line.Value.Base, line.Value.Other))];
    }

    public static void WriteFolded(TextWriter writer, IEnumerable<(string Stack, long Base, long Other)> lines)
    {
        foreach (var (stack, baseCount, otherCount) in lines)
        {
            writer.Write(stack);
            writer.Write(' ');
            writer.Write(baseCount.ToString(CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.Write(otherCount.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// The change of a frame's share of all samples, normalised to each profile's total: other/otherTotal −
    /// base/baseTotal, so a recording twice as long with the same shape changes nothing. Positive grew.
    /// </summary>
    public static double ShareChange(long baseValue, long baseTotal, long otherValue, long otherTotal) =>
        (otherTotal == 0 ? 0 : (double)otherValue / otherTotal) - (baseTotal == 0 ? 0 : (double)baseValue / baseTotal);

    /// <summary>
    /// The merged tree of both profiles (root "all", then one node per folded frame, comm first), each node with both
    /// sides' inclusive samples. Nodes below <paramref name="minShare"/> of their side's total on both sides are cut
    /// off so the page stays small; how many is reported.
    /// </summary>
    public static DifferentialTree Tree(IReadOnlyList<(string Stack, long Base, long Other)> lines, double minShare = 0.001)
    {
        var root = new DifferentialNode("all");
        foreach (var (stack, baseCount, otherCount) in lines)
        {
            var node = root;
            node.Add(baseCount, otherCount);
            foreach (var frame in stack.Split(';'))
            {
                node = node.Child(frame);
                node.Add(baseCount, otherCount);
            }
            node.AddSelf(baseCount, otherCount);
        }
        var baseTotal = root.Base;
        var otherTotal = root.Other;
        var trimmed = root.Trim(node =>
            (baseTotal == 0 || node.Base < minShare * baseTotal) && (otherTotal == 0 || node.Other < minShare * otherTotal));
        return new DifferentialTree(root, baseTotal, otherTotal, minShare, trimmed);
    }
}

/// <summary>A frame reached through one path, with both profiles' samples through it.</summary>
public sealed class DifferentialNode(string name)
{
    private Dictionary<string, DifferentialNode>? _children;

    public string Name { get; } = name;

    public long Base { get; private set; }

    public long Other { get; private set; }

    public long BaseSelf { get; private set; }

    public long OtherSelf { get; private set; }

    public IReadOnlyList<DifferentialNode> Children =>
        _children is null ? [] : [.. _children.Values.OrderBy(child => child.Name, StringComparer.Ordinal)];

    internal void Add(long baseCount, long otherCount)
    {
        Base += baseCount;
        Other += otherCount;
    }

    internal void AddSelf(long baseCount, long otherCount)
    {
        BaseSelf += baseCount;
        OtherSelf += otherCount;
    }

    internal DifferentialNode Child(string childName)
    {
        _children ??= new Dictionary<string, DifferentialNode>(StringComparer.Ordinal);
        if (!_children.TryGetValue(childName, out var child))
        {
            child = new DifferentialNode(childName);
            _children.Add(childName, child);
        }
        return child;
    }

    internal int Trim(Func<DifferentialNode, bool> tooSmall)
    {
        if (_children is null)
        {
            return 0;
        }
        var removed = 0;
        foreach (var (key, child) in _children.ToList())
        {
            if (tooSmall(child))
            {
                _children.Remove(key);
                removed += child.NodeCount();
            }
            else
            {
                removed += child.Trim(tooSmall);
            }
        }
        return removed;
    }

    private int NodeCount() => 1 + (_children?.Values.Sum(child => child.NodeCount()) ?? 0);

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteNumber("base", Base);
        writer.WriteNumber("other", Other);
        writer.WriteNumber("baseSelf", BaseSelf);
        writer.WriteNumber("otherSelf", OtherSelf);
        if (_children is { Count: > 0 })
        {
            writer.WriteStartArray("children");
            foreach (var child in Children)
            {
                child.WriteJson(writer);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}

/// <summary>The differential flame graph's tree after trimming, with both profiles' totals.</summary>
public sealed record DifferentialTree(DifferentialNode Root, long BaseTotal, long OtherTotal, double MinShare, int TrimmedNodes)
{
    /// <summary>
    /// <c>{"baseTotal","otherTotal","minShare","trimmedNodes","root":{"name","base","other","baseSelf","otherSelf","children"?}}</c>.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("baseTotal", BaseTotal);
            writer.WriteNumber("otherTotal", OtherTotal);
            writer.WriteNumber("minShare", MinShare);
            writer.WriteNumber("trimmedNodes", TrimmedNodes);
            writer.WritePropertyName("root");
            Root.WriteJson(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
