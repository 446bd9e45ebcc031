namespace Cog.Build.Dockerfile;

/// <summary>
/// Answers whether an image reference exists in its registry (a manifest HEAD). Implemented on the registry side;
/// the base-image selector only ever calls it through <see cref="CachedBaseImageAvailability"/>.
/// </summary>
public interface IBaseImageAvailability
{
    Task<bool> ExistsAsync(string imageReference, CancellationToken cancellationToken);
}
