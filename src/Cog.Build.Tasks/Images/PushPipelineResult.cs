using Cog.Build.Docker;
using Cog.Build.Registry;

namespace Cog.Build.Images;

/// <summary>What a push produced: the pushed image (and weights image), its digest, and for Replicate the model and its latest version.</summary>
public sealed record PushPipelineResult(
    ImageReference Image,
    ImagePusherResult Pushed,
    ImagePusherResult? PushedWeights,
    ReplicateModel? Model,
    bool ModelCreated)
{
    public string Digest => Pushed.Digest;

    public string? ModelUrl => Model?.Url;
}
