using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using WebOcperf.Data;

namespace WebOcperf.Tests.Architecture;

/// <summary>
/// Data flows one way between the top-level folders of WebOcperf/: no folder uses a folder that uses it back, and Perf/
/// stays pure (the base library only). Read from the source, so that Razor views count as much as C# files.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly Assembly App = typeof(WebOcperfDb).Assembly;

    private static readonly Lazy<HashSet<string>> NamespacesAndTypes = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in App.GetTypes())
        {
            names.Add(type.FullName!.Replace('+', '.'));
            for (var ns = type.Namespace; !string.IsNullOrEmpty(ns); ns = ns.Contains('.') ? ns[..ns.LastIndexOf('.')] : null)
            {
                names.Add(ns);
            }
        }
        return names;
    });

    private static FolderDependencies Project() => new(Checkout.ProjectDirectory, NamespacesAndTypes.Value.Contains);

    [Fact]
    public void No_folder_uses_a_folder_that_uses_it_back()
    {
        var project = Project();

        // the premise: the scan sees the folders and the uses the layout is made of
        Assert.Contains("Perf", project.Folders);
        Assert.Contains(project.Uses, u => u is { From: "Sessions", To: "Benchmarks" });
        var cycles = project.Cycles();
        Assert.True(cycles.Count == 0, "Folder cycles in WebOcperf/ (data must flow one way):\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Every_CSharp_file_is_in_its_folders_namespace()
    {
        // a file in Sessions/ declaring namespace WebOcperf.Benchmarks would use Benchmarks without a using line
        var misplaced = Project().MisplacedNamespaces;

        Assert.True(misplaced.Count == 0, "Files whose namespace is not their folder's:\n" + string.Join("\n", misplaced));
    }

    [Fact]
    public void Perf_uses_no_other_folder_and_no_AspNet_EF_or_hosting_namespace_in_its_source()
    {
        var project = Project();
        var perf = Path.Combine(Checkout.ProjectDirectory, "Perf");
        var offending = project.Uses.Where(u => u.From == "Perf").Select(u => $"{u} uses {u.To}/").ToList();
        foreach (var file in Directory.EnumerateFiles(perf, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (FrameworkBeyondSystem().IsMatch(lines[i]))
                {
                    offending.Add($"{Path.GetRelativePath(Checkout.ProjectDirectory, file)}:{i + 1} `{lines[i].Trim()}`");
                }
            }
        }

        Assert.True(offending.Count == 0, "Perf/ must stay pure (System only):\n" + string.Join("\n", offending));
    }

    /// <summary>
    /// The web SDK's implicit global usings put ASP.NET Core in scope of every file, Perf/ included, so the source check
    /// alone would miss an unqualified <c>HttpContext</c>: the compiled Perf types are checked too, signatures and the
    /// members their code calls.
    /// </summary>
    [Fact]
    public void Perf_code_references_only_the_base_library()
    {
        var offending = new SortedSet<string>(StringComparer.Ordinal);
        var perfTypes = App.GetTypes().Where(t => t.Namespace is { } ns && (ns == "WebOcperf.Perf" || ns.StartsWith("WebOcperf.Perf.", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(perfTypes);
        foreach (var type in perfTypes)
        {
            foreach (var used in ReferencedTypes(type))
            {
                if (!IsBaseLibraryOrPerf(used))
                {
                    offending.Add($"{type.FullName} uses {used.FullName ?? used.Name} ({used.Assembly.GetName().Name})");
                }
            }
        }

        Assert.True(offending.Count == 0, "Perf/ must use only the base library:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void A_cycle_is_found_and_named_with_the_lines_that_make_it()
    {
        using var tree = new SourceTree();
        tree.Write("Program.cs", "using WebOcperf.Sessions;\nusing WebOcperf.Benchmarks;");
        tree.Write("Sessions/Detail.cshtml.cs", "using WebOcperf.Data;\nusing WebOcperf.Benchmarks;\nnamespace WebOcperf.Sessions;");
        tree.Write("Benchmarks/_Result.cshtml", "<p>result</p>\n<partial name=\"/Sessions/_History.cshtml\" />");
        tree.Write("Sessions/_History.cshtml", "<p>history</p>");
        tree.Write("Data/Session.cs", "namespace WebOcperf.Data;");

        var cycles = tree.Scan().Cycles();

        var cycle = Assert.Single(cycles);
        Assert.StartsWith("Benchmarks → Sessions → Benchmarks\n", cycle);
        Assert.Contains("Benchmarks → Sessions: Benchmarks/_Result.cshtml:2", cycle);
        Assert.Contains("Sessions → Benchmarks: Sessions/Detail.cshtml.cs:2 `using WebOcperf.Benchmarks;`", cycle);
    }

    [Fact]
    public void The_root_view_imports_count_for_every_folder_with_views_and_qualified_names_count_as_uses()
    {
        using var tree = new SourceTree();
        tree.Write("_ViewImports.cshtml", "@using WebOcperf.Shared\n@namespace WebOcperf");
        tree.Write("Shared/_Layout.cshtml", "@inject WebOcperf.Running.PerfInstallation Perf\n@if (Perf.IsAvailable) { }");
        tree.Write("Running/PerfInstallation.cs", "namespace WebOcperf.Running;\nclass PerfInstallation { Events.Catalog c; }");
        tree.Write("Running/_Status.cshtml", "<p>status</p>");
        tree.Write("Perf/PerfCommand.cs", "namespace WebOcperf.Perf;");
        tree.Write("Events/Catalog.cs", "namespace WebOcperf.Events;\nclass Catalog { int Count => result.Running.Count; }");

        var project = tree.Scan();

        Assert.Contains(project.Uses, u => u is { From: "Running", To: "Shared", File: "_ViewImports.cshtml", Line: 1 });
        Assert.Contains(project.Uses, u => u is { From: "Shared", To: "Running", Line: 1 });
        Assert.Contains(project.Uses, u => u is { From: "Running", To: "Events", Line: 2 });
        // Perf.IsAvailable is a property of the injected service, result.Running a member: neither is a folder
        Assert.DoesNotContain(project.Uses, u => u.From == "Shared" && u.To == "Perf");
        Assert.DoesNotContain(project.Uses, u => u.From == "Events");
        Assert.Equal("Running → Shared → Running", Assert.Single(project.Cycles()).Split('\n')[0]);
    }

    [Fact]
    public void A_file_outside_its_folders_namespace_is_named()
    {
        using var tree = new SourceTree();
        tree.Write("Sessions/Sneaky.cs", "namespace WebOcperf.Benchmarks;");
        tree.Write("Benchmarks/Fine.cs", "namespace WebOcperf.Benchmarks.Downloads;");

        var misplaced = tree.Scan().MisplacedNamespaces;

        Assert.Equal("Sessions/Sneaky.cs:1 `namespace WebOcperf.Benchmarks;`", Assert.Single(misplaced));
    }

    private static bool IsBaseLibraryOrPerf(Type type)
    {
        if (type.Assembly == App)
        {
            while (type.DeclaringType is { } outer)
            {
                type = outer;
            }
            // besides Perf's own: what the compiler and the source generators emit (<PrivateImplementationDetails>,
            // System.Text.RegularExpressions.Generated, NullableAttribute, Microsoft.CodeAnalysis.EmbeddedAttribute)
            return type.Namespace switch
            {
                null => type.Name.StartsWith('<'),
                var ns => ns == "WebOcperf.Perf" || ns.StartsWith("WebOcperf.Perf.", StringComparison.Ordinal)
                    || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft.CodeAnalysis",
            };
        }
        // the shared framework Microsoft.NETCore.App sits in one directory; ASP.NET Core and NuGet packages elsewhere
        return Path.GetDirectoryName(type.Assembly.Location) == Path.GetDirectoryName(typeof(object).Assembly.Location);
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        found.AddRange(type.GetInterfaces());
        if (type.BaseType is { } baseType)
        {
            found.Add(baseType);
        }
        found.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        found.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        found.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            found.AddRange(method.GetCustomAttributesData().Select(a => a.AttributeType));
            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }
            found.AddRange(body.LocalVariables.Select(l => l.LocalType));
            found.AddRange(MembersCalled(method, body.GetILAsByteArray() ?? []));
        }
        return found.SelectMany(Unwrap).Distinct();
    }

    /// <summary>A type and what it is made of: element types and generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsGenericParameter)
        {
            yield break;
        }
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The declaring types of the fields, methods and types that a method body's instructions name.</summary>
    private static IEnumerable<Type> MembersCalled(MethodBase method, byte[] il)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var found = new List<Type>();
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    switch (member)
                    {
                        case Type resolved:
                            found.Add(resolved);
                            break;
                        case FieldInfo field:
                            found.Add(field.DeclaringType!);
                            found.Add(field.FieldType);
                            break;
                        case MethodBase called:
                            found.Add(called.DeclaringType!);
                            if (called is MethodInfo info)
                            {
                                found.Add(info.ReturnType);
                                if (info.IsGenericMethod)
                                {
                                    found.AddRange(info.GetGenericArguments());
                                }
                            }
                            break;
                    }
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
        return found;
    }

    /// <summary>Namespaces outside the base library, as Perf/ could name them in a using line or a qualified name.</summary>
    [GeneratedRegex(@"\b(?:Microsoft\.(?:AspNetCore|EntityFrameworkCore|Extensions|Data\.Sqlite|Net\.Http\.Headers)|System\.Web)\b")]
    private static partial Regex FrameworkBeyondSystem();

    /// <summary>A made-up project directory for checking the check.</summary>
    private sealed class SourceTree : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("webocperf-folders-").FullName;

        public void Write(string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public FolderDependencies Scan() => new(root, name => name is "WebOcperf.Events.Catalog" or "WebOcperf.Running.PerfInstallation");

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
