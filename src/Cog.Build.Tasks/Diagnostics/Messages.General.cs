namespace Cog.Build.Diagnostics;

public static partial class Messages
{
    public static readonly MessageTemplate NotImplemented =
        Error("COG0001", "'{0}' is not implemented yet. Track the project's issues for when it lands.");

    public static readonly MessageTemplate UnexpectedFailure =
        Error("COG0002", "Unexpected internal error: {0}. Please report it with the command you ran.");
}
