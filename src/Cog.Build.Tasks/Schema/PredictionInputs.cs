using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>
/// The step before any container starts: raw <c>-i</c>/<c>--json</c> inputs plus the model's schema in, the request's
/// <c>input</c> object (coerced, files inlined, validated) or coded diagnostics out.
/// </summary>
public static class PredictionInputs
{
    /// <param name="schemaJson">The OpenAPI document; null when it is not known yet (values then stay strings, unchecked).</param>
    /// <param name="training">Use <c>TrainingInput</c> (falling back to <c>Input</c>) instead of <c>Input</c>.</param>
    public static InputBuildResult Build(InputSources sources, string? schemaJson, bool training = false)
    {
        try
        {
            var schema = schemaJson is null ? null : OpenApiSchema.Parse(schemaJson).GetInputs(training);
            var input = sources.Json is not null ? FromJson(sources, schema) : FromArguments(sources, schema);
            var problems = schema is null ? [] : InputValidator.Validate(schema, input);
            return new InputBuildResult(input, problems);
        }
        catch (CogException e)
        {
            return new InputBuildResult(null, e.Diagnostics);
        }
    }

    /// <summary>The JSON body of <c>POST /predictions</c>: <c>{"input":…,"context":…}</c> plus an id when one is given.</summary>
    public static JsonObject CreateRequest(JsonObject input, IReadOnlyDictionary<string, string>? context = null, string? id = null)
    {
        var request = new JsonObject();
        if (id is not null)
        {
            request["id"] = id;
        }

        request["input"] = input.DeepClone();
        var contextObject = new JsonObject();
        foreach (var (key, value) in context ?? new Dictionary<string, string>())
        {
            contextObject[key] = value;
        }

        request["context"] = contextObject;
        return request;
    }

    private static JsonObject FromArguments(InputSources sources, InputSchema? schema)
    {
        if (sources.Json is not null && sources.Inputs.Count > 0)
        {
            throw Messages.JsonAndInputBoth.Fail();
        }

        var arguments = InputArgumentParser.Parse(sources.Inputs);
        // Unknown names are reported before any file is read, so a typo never costs reading a large file.
        if (schema is not null && InputValidator.UnknownNames(schema, arguments.Select(a => a.Name)) is { } unknown)
        {
            throw new CogException(unknown);
        }

        var files = new FileInliner(sources.BaseDirectory);
        var input = new JsonObject();
        foreach (var argument in arguments)
        {
            input[argument.Name] = InputCoercer.Coerce(argument, schema?.Find(argument.Name)?.Schema, files);
        }

        return input;
    }

    private static JsonObject FromJson(InputSources sources, InputSchema? schema)
    {
        if (sources.Inputs.Count > 0)
        {
            throw Messages.JsonAndInputBoth.Fail();
        }

        var input = JsonInputReader.Read(sources.Json!, sources.BaseDirectory, sources.Stdin);
        if (schema is not null && InputValidator.UnknownNames(schema, input.Select(p => p.Key)) is { } unknown)
        {
            throw new CogException(unknown);
        }

        JsonInputReader.InlineFiles(input, new FileInliner(sources.BaseDirectory));
        return input;
    }
}
