namespace Cog.Build.Cuda;

/// <summary>A published torch build: its version, CUDA (null = CPU), companion packages and the index serving it.</summary>
public sealed record TorchWheel(
    ComponentVersion Torch,
    string? LocalTag,
    ComponentVersion? Cuda,
    string Torchvision,
    string Torchaudio,
    string? ExtraIndexUrl,
    string? FindLinks,
    IReadOnlyList<string> Pythons,
    bool Usable)
{
    public bool IsCpu => Cuda is null;
}
