namespace Cog.Build.Diagnostics;

// COG2xxx: what the user passes to run/train (-i, --json, -o) and how it fits the model's schema.
public static partial class Messages
{
    public static readonly MessageTemplate InputFormat =
        Error("COG2001", "Failed to parse input '{0}', expected format is 'name=value'. Pass each input as -i name=value (or -i name=@file for a file).");

    public static readonly MessageTemplate InputFileUnreadable =
        Error("COG2002", "input \"{0}\": {1}");

    public static readonly MessageTemplate JsonParse =
        Error("COG2003", "Failed to parse JSON: {0}. Pass --json a JSON object such as '{{\"prompt\": \"hi\"}}', @file.json, or - for stdin.");

    public static readonly MessageTemplate JsonNotObject =
        Error("COG2004", "Failed to parse JSON: the inputs must be a JSON object such as {{\"prompt\": \"hi\"}}, got {0}.");

    public static readonly MessageTemplate JsonFileUnreadable =
        Error("COG2005", "Failed to read JSON from file \"{0}\": {1}");

    public static readonly MessageTemplate JsonAndInputBoth =
        Error("COG2006", "Must use one of --json or --input to provide model inputs");

    public static readonly MessageTemplate UnknownInput =
        Error("COG2010", "unknown {0}; {1}");

    public static readonly MessageTemplate MissingInput =
        Error("COG2011", "missing required input \"{0}\"");

    public static readonly MessageTemplate InputType =
        Error("COG2012", "invalid input \"{0}\": expected {1}, got {2}");

    public static readonly MessageTemplate InputChoice =
        Error("COG2013", "invalid input \"{0}\": must be one of: {1}");

    public static readonly MessageTemplate InputConstraint =
        Error("COG2014", "invalid input \"{0}\": {1}");

    public static readonly MessageTemplate InputNull =
        Error("COG2015", "invalid input \"{0}\": must not be null (omit the input to use its default)");

    public static readonly MessageTemplate ServerRejectedInputs =
        Error("COG2016", "The inputs you passed could not be validated:{0}\nPass inputs as -i name=value, files as -i name=@path/to/file.");

    public static readonly MessageTemplate OpenApiSchemaInvalid =
        Error("COG2020", "invalid OpenAPI schema: {0}. Rebuild the image so its schema is generated again.");

    public static readonly MessageTemplate OutputDirectoryNotWritable =
        Error("COG2030", "Output directory is not writable: {0}. Choose another path with -o.");

    public static readonly MessageTemplate DefaultOutputIsDirectory =
        Error("COG2031", "Default output name \"{0}\" conflicts with directory, provide --output");

    public static readonly MessageTemplate OutputNotWritten =
        Error("COG2032", "Could not write output to {0}: {1}");

    public static readonly MessageTemplate OutputDataUrlInvalid =
        Error("COG2033", "The model returned a file output that is not a valid data URL ({0}); the output was not written.");

    public static readonly MessageTemplate RunArgumentsTooMany =
        Error("COG2040", "accepts at most 1 arg(s), received {0}. To run a command in the container use: cog run -- {1}");
}
