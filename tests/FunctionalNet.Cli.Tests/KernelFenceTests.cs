using System.Reflection;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// The mutating kernels (fused kernels, workspaces, pools, rule buffers, GEMM) live in the internal
/// <c>FunctionalNet.Kernels</c> namespace, and no public or protected signature of any shipped assembly mentions one of
/// its types: a caller can reach them only through the pure API.
/// </summary>
public sealed class KernelFenceTests
{
    private const string Fenced = "FunctionalNet.Kernels";

    // Every assembly under src/ (the CLI's output holds them all).
    private static readonly string[] Assemblies = ["FunctionalNet", "FunctionalNet.IO", "FunctionalNet.Plots", "FunctionalNet.Bench", "FunctionalNet.Mpi", "fnet"];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void The_kernel_namespace_holds_the_mutating_types_and_none_is_public()
    {
        var core = Assembly.Load("FunctionalNet");
        var kernels = core.GetTypes().Where(t => t.Namespace == Fenced).Select(t => t.Name).ToHashSet();
        foreach (var name in new[] { "Workspace`1", "NarrowGradient`1", "FusedKernels", "RuleRun`1", "SampleStep`1", "KernelPlan", "Pool" })
            Assert.Contains(name, kernels);
        Assert.DoesNotContain(core.GetExportedTypes(), t => t.Namespace == Fenced);
    }

    [Fact]
    public void No_public_signature_mentions_a_kernel_type()
    {
        var leaks = Assemblies.Select(Assembly.Load).SelectMany(a => a.GetExportedTypes()).SelectMany(Leaks).ToList();
        Assert.True(leaks.Count == 0, "public signatures mentioning kernel types:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void The_scan_sees_the_types_a_signature_mentions()
    {
        // The walk that finds kernel types finds any type: TrainingOptions' signatures mention Parallelism and a CancellationToken.
        var seen = Signatures(typeof(FunctionalNet.Training.TrainingOptions)).SelectMany(s => s.Types).SelectMany(Expand).ToHashSet();
        Assert.Contains(typeof(FunctionalNet.Tensors.Parallelism), seen);
        Assert.Contains(typeof(CancellationToken), seen);
    }

    private static IEnumerable<string> Leaks(Type type) =>
        from s in Signatures(type)
        from t in s.Types.SelectMany(Expand)
        where t.Namespace == Fenced
        select $"{type.FullName}.{s.Member}: {t.Name}";

    // The types each visible member's signature names (the type's own bases and interfaces under its name).
    private static IEnumerable<(string Member, IEnumerable<Type> Types)> Signatures(Type type)
    {
        yield return ("(base)", [.. type.BaseType is { } b ? [b] : Array.Empty<Type>(), .. type.GetInterfaces()]);
        foreach (var m in type.GetMembers(Declared))
        {
            switch (m)
            {
                case FieldInfo f when Visible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly):
                    yield return (f.Name, [f.FieldType]);
                    break;
                case PropertyInfo p when p.GetAccessors(true).Any(a => Visible(a.IsPublic, a.IsFamily, a.IsFamilyOrAssembly)):
                    yield return (p.Name, [p.PropertyType, .. p.GetIndexParameters().Select(i => i.ParameterType)]);
                    break;
                case MethodBase mb when Visible(mb.IsPublic, mb.IsFamily, mb.IsFamilyOrAssembly):
                    yield return (mb.Name, [.. mb is MethodInfo mi ? [mi.ReturnType] : Array.Empty<Type>(), .. mb.GetParameters().Select(p => p.ParameterType),
                        .. mb.IsGenericMethodDefinition ? mb.GetGenericArguments().SelectMany(g => g.GetGenericParameterConstraints()) : []]);
                    break;
                case EventInfo e when e.AddMethod is { } add && Visible(add.IsPublic, add.IsFamily, add.IsFamilyOrAssembly):
                    yield return (e.Name, [e.EventHandlerType!]);
                    break;
            }
        }
    }

    private static bool Visible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    // A type and every type it is built from: element types, generic arguments.
    private static IEnumerable<Type> Expand(Type t)
    {
        yield return t;
        if (t.HasElementType)
            foreach (var inner in Expand(t.GetElementType()!)) yield return inner;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            foreach (var inner in t.GetGenericArguments().SelectMany(Expand)) yield return inner;
    }
}
