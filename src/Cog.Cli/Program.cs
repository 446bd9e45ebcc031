namespace Cog.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("error COG0001: the cog command is not implemented yet.");
        return 1;
    }
}
