namespace Cog.Build.Config;

/// <summary>A <c>{type: secret, id, target}</c> mount of a <c>build.run</c> item (the only mount type cog.yaml allows).</summary>
public sealed record SecretMount(string Id, string Target);
