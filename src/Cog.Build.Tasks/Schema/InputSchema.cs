namespace Cog.Build.Schema;

/// <summary>The <c>Input</c> (or <c>TrainingInput</c>) component: the inputs a model accepts, in declaration order.</summary>
public sealed class InputSchema
{
    public InputSchema(IReadOnlyList<InputProperty> properties)
    {
        Properties = properties;
    }

    public static InputSchema Empty { get; } = new([]);

    public IReadOnlyList<InputProperty> Properties { get; }

    public InputProperty? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);
}
