using System.Text;
using System.Text.Json;

namespace Cog.Build.Docker;

/// <summary>
/// Turns the engine's build stream (JSON lines of <c>POST /build</c>) into readable lines as they arrive, and keeps
/// the per-step record (cache hits, errors, last output) that becomes the <see cref="BuildResult"/>.
/// BuildKit sends base64 protobuf status in <c>moby.buildkit.trace</c>; the classic builder sends text in <c>stream</c>.
/// </summary>
internal sealed class BuildProgress
{
    private const int KeptOutputLines = 20;

    private readonly Action<string> _print;
    private readonly Dictionary<string, StepState> _steps = new(StringComparer.Ordinal);
    private readonly List<StepState> _order = new();
    private StepState? _classicCurrent;
    private readonly StringBuilder _classicPartial = new();

    public BuildProgress(Action<string> print)
    {
        _print = print;
    }

    public string? ImageId { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<BuildStep> Steps =>
        _order.Select(s => new BuildStep(s.Number, s.Name, s.Cached, s.Error, s.Output.ToArray())).ToArray();

    /// <summary>The step that failed: the first with its own error (steps canceled because of it say "context canceled").</summary>
    public BuildStep? FailedStep =>
        Steps.FirstOrDefault(s => s.Error is not null && !s.Error.Contains("context canceled", StringComparison.Ordinal))
        ?? Steps.LastOrDefault(s => s.Error is not null);

    public void HandleLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
        if (root.TryGetProperty("aux", out var aux))
        {
            if (id == "moby.buildkit.trace" && aux.ValueKind == JsonValueKind.String)
            {
                HandleBuildKit(BuildKitStatus.Decode(Convert.FromBase64String(aux.GetString()!)));
            }
            else if (aux.ValueKind == JsonValueKind.Object && aux.TryGetProperty("ID", out var imageId))
            {
                ImageId = imageId.GetString();
            }
        }

        if (root.TryGetProperty("stream", out var stream) && stream.GetString() is { } text)
        {
            HandleClassicText(text);
        }

        if (root.TryGetProperty("error", out var error))
        {
            Error = error.GetString();
            _classicCurrent?.SetError(Error ?? "failed");
        }
    }

    public void Complete()
    {
        if (_classicPartial.Length > 0)
        {
            HandleClassicLine(_classicPartial.ToString());
            _classicPartial.Clear();
        }

        foreach (var step in _order)
        {
            step.FlushPartial(_print);
        }
    }

    internal void HandleBuildKit(BuildKitStatus status)
    {
        foreach (var vertex in status.Vertices)
        {
            if (!_steps.TryGetValue(vertex.Digest, out var step))
            {
                step = new StepState(_order.Count + 1, vertex.Name);
                _steps[vertex.Digest] = step;
                _order.Add(step);
            }

            if (!step.Announced && (vertex.Started || vertex.Cached || vertex.Completed))
            {
                step.Announced = true;
                _print($"#{step.Number} {step.Name}");
            }

            if (vertex.Cached && !step.Cached)
            {
                step.Cached = true;
                _print($"#{step.Number} CACHED");
            }

            if (vertex.Error is not null && step.Error is null)
            {
                step.FlushPartial(_print);
                step.SetError(vertex.Error);
                _print($"#{step.Number} ERROR: {vertex.Error}");
            }
            else if (vertex.Completed && !step.Done && !step.Cached)
            {
                step.Done = true;
                step.FlushPartial(_print);
                _print($"#{step.Number} DONE");
            }
        }

        foreach (var log in status.Logs)
        {
            if (_steps.TryGetValue(log.Vertex, out var step))
            {
                step.AppendOutput(Encoding.UTF8.GetString(log.Message), _print);
            }
        }
    }

    private void HandleClassicText(string text)
    {
        _classicPartial.Append(text);
        var buffered = _classicPartial.ToString();
        var lastNewline = buffered.LastIndexOf('\n');
        if (lastNewline < 0)
        {
            return;
        }

        _classicPartial.Clear().Append(buffered[(lastNewline + 1)..]);
        foreach (var line in buffered[..lastNewline].Split('\n'))
        {
            HandleClassicLine(line.TrimEnd('\r'));
        }
    }

    // Classic output: "Step 3/7 : RUN …", " ---> Using cache", " ---> Running in abc", then the command's own lines.
    private void HandleClassicLine(string line)
    {
        if (line.StartsWith("Step ", StringComparison.Ordinal) && line.Contains(" : ", StringComparison.Ordinal))
        {
            var colon = line.IndexOf(" : ", StringComparison.Ordinal);
            var name = $"[{line[5..colon]}] {line[(colon + 3)..]}";
            _classicCurrent = new StepState(_order.Count + 1, name) { Announced = true };
            _steps["classic:" + _order.Count] = _classicCurrent;
            _order.Add(_classicCurrent);
            _print($"#{_classicCurrent.Number} {name}");
            return;
        }

        if (line.StartsWith(" ---> ", StringComparison.Ordinal))
        {
            if (line.Contains("Using cache", StringComparison.Ordinal) && _classicCurrent is not null)
            {
                _classicCurrent.Cached = true;
                _print($"#{_classicCurrent.Number} CACHED");
            }

            return;
        }

        if (line.StartsWith("Successfully built ", StringComparison.Ordinal) ||
            line.StartsWith("Successfully tagged ", StringComparison.Ordinal) ||
            line.StartsWith("Removing intermediate container ", StringComparison.Ordinal) ||
            line.Length == 0)
        {
            return;
        }

        if (_classicCurrent is not null)
        {
            _classicCurrent.AppendOutput(line + "\n", _print);
        }
        else
        {
            _print(line);
        }
    }

    private sealed class StepState
    {
        private readonly StringBuilder _partial = new();

        public StepState(int number, string name)
        {
            Number = number;
            Name = name;
        }

        public int Number { get; }

        public string Name { get; }

        public bool Announced { get; set; }

        public bool Cached { get; set; }

        public bool Done { get; set; }

        public string? Error { get; private set; }

        public Queue<string> Output { get; } = new();

        public void SetError(string error) => Error ??= error;

        public void AppendOutput(string text, Action<string> print)
        {
            _partial.Append(text);
            var buffered = _partial.ToString();
            var lastNewline = buffered.LastIndexOf('\n');
            if (lastNewline < 0)
            {
                return;
            }

            _partial.Clear().Append(buffered[(lastNewline + 1)..]);
            foreach (var line in buffered[..lastNewline].Split('\n'))
            {
                Keep(line.TrimEnd('\r'), print);
            }
        }

        public void FlushPartial(Action<string> print)
        {
            if (_partial.Length > 0)
            {
                Keep(_partial.ToString(), print);
                _partial.Clear();
            }
        }

        private void Keep(string line, Action<string> print)
        {
            Output.Enqueue(line);
            while (Output.Count > KeptOutputLines)
            {
                Output.Dequeue();
            }

            print($"#{Number} {line}");
        }
    }
}
