namespace Cog.Build.Requirements;

/// <summary>
/// One logical line of a requirements file after joining continuations and dropping comments.
/// <see cref="Name"/> is null for option lines (<c>--extra-index-url …</c>) and bare paths.
/// <see cref="Version"/> is the first operand after a comparison operator (<c>torch&gt;=2.0</c> ⇒ <c>2.0</c>) or the text after
/// <c>@</c>; empty when unpinned.
/// </summary>
public sealed record Requirement(string Text, string? Name, string? Extras, string Version)
{
    /// <summary>True when the line is a path to a local wheel or source archive (see <see cref="LocalArtifacts"/>).</summary>
    public bool IsBarePath => Name is null && RequirementsParser.LooksLikePath(Text);

    public bool Is(string name) => string.Equals(Name, name, StringComparison.Ordinal);
}
