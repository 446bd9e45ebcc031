namespace Cog.Build.Predictions;

/// <summary>
/// A container host that can tell a model's schema without starting its server, so inputs are checked before any
/// container runs (spec 00: dev runs validate against the schema the dev image prints for the mounted code).
/// </summary>
public interface IModelSchemaSource
{
    /// <summary>The OpenAPI document for what <paramref name="spec"/> would run, or null when it cannot be known up front.</summary>
    Task<string?> GetSchemaAsync(ModelContainerSpec spec, CancellationToken cancellationToken);
}
