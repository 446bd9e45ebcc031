using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cog.Build.Config;

namespace Cog.Build.Dockerfile;

/// <summary>
/// The <c>run.cog.config</c> label: compact JSON of the completed config, with resolved CUDA/cuDNN, run items as
/// <c>{"command": …}</c> and the runner reference under the key <c>predict</c> (what platforms reading the label expect).
/// </summary>
public static class ConfigLabel
{
    public static string ToJson(ResolvedBuild build, int? decoratorConcurrency = null)
    {
        var config = build.Config;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("build");
            json.WriteBoolean("gpu", config.Build.Gpu);
            json.WriteString("python_version", config.Build.PythonVersion);
            WriteIfSet(json, "python_requirements", config.Build.PythonRequirements);
            WriteList(json, "python_packages", config.Build.PythonPackages);
            WriteList(json, "system_packages", config.Build.SystemPackages);
            if (config.Build.Run.Count > 0)
            {
                json.WriteStartArray("run");
                foreach (var run in config.Build.Run)
                {
                    WriteRun(json, run);
                }

                json.WriteEndArray();
            }

            WriteIfSet(json, "cuda", build.Cuda?.Cuda ?? config.Build.Cuda);
            WriteIfSet(json, "cudnn", build.Cuda?.Cudnn ?? config.Build.Cudnn);
            json.WriteEndObject();

            WriteIfSet(json, "image", config.Image);
            WriteIfSet(json, "model", config.Model);
            WriteIfSet(json, "predict", config.Run);
            WriteIfSet(json, "train", config.Train);
            if ((config.Concurrency?.Max ?? decoratorConcurrency) is { } max)
            {
                json.WriteStartObject("concurrency");
                json.WriteNumber("max", max);
                json.WriteEndObject();
            }

            WriteList(json, "environment", config.Environment.Select(e => $"{e.Name}={e.Value}").ToList());
            if (config.Weights.Count > 0)
            {
                WriteWeights(json, config.Weights);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRun(Utf8JsonWriter json, RunCommand run)
    {
        json.WriteStartObject();
        json.WriteString("command", run.Command);
        if (run.Mounts.Count > 0)
        {
            json.WriteStartArray("mounts");
            foreach (var mount in run.Mounts)
            {
                json.WriteStartObject();
                json.WriteString("type", "secret");
                json.WriteString("id", mount.Id);
                json.WriteString("target", mount.Target);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteWeights(Utf8JsonWriter json, IReadOnlyList<WeightsEntry> weights)
    {
        json.WriteStartArray("weights");
        foreach (var entry in weights)
        {
            json.WriteStartObject();
            json.WriteString("name", entry.Name);
            json.WriteString("target", entry.Target);
            json.WriteStartArray("source");
            foreach (var source in entry.Sources)
            {
                json.WriteStartObject();
                json.WriteString("uri", source.Uri);
                WriteList(json, "include", source.Include);
                WriteList(json, "exclude", source.Exclude);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
