using Cog.Build.Diagnostics;
using Cog.Build.Dockerfile;

namespace Cog.Build.Registry;

/// <summary>
/// Answers "does this base image exist?" by asking its registry for the manifest, anonymously (cog-base images are public).
/// Callers wrap it in <see cref="CachedBaseImageAvailability"/>, which bounds the wait and turns failures into a fallback.
/// </summary>
public sealed class RegistryBaseImageAvailability : IBaseImageAvailability, IDisposable
{
    private readonly RegistryApiClient _client;

    /// <param name="http">A caller-owned client; null creates (and disposes) one.</param>
    public RegistryBaseImageAvailability(HttpClient? http = null) => _client = new RegistryApiClient(http);

    public async Task<bool> ExistsAsync(string imageReference, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ManifestExistsAsync(ImageReference.Parse(imageReference), credential: null, cancellationToken).ConfigureAwait(false);
        }
        catch (CogException error)
        {
            // The reason ends up inside the COG1101 fallback warning; a nested "cog: error COG4xxx:" prefix would only confuse.
            throw new HttpRequestException(string.Join(" ", error.Diagnostics.Select(d => d.Message)), error);
        }
    }

    public void Dispose() => _client.Dispose();
}
