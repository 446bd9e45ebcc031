using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary>Every verb of the cog command, in the order help lists them.</summary>
public static class VerbTable
{
    public static IReadOnlyList<VerbSpec> All { get; } =
    [
        InitVerb.Spec, BuildVerb.Spec, RunVerb.Spec, PredictionVerb.TrainSpec, ExecVerb.Spec, ServeVerb.Spec, PushVerb.Spec, LoginVerb.Spec,
        DebugVerb.Spec, PredictionVerb.PredictSpec,
    ];

    public static VerbSpec? Find(string name) => All.FirstOrDefault(v => v.Name == name);

}
