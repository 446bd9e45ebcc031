using System.Runtime.InteropServices;
using Cog.Cli.CommandLine;

namespace Cog.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // The first Ctrl-C cancels the verb so it can remove its containers; a second one leaves the default behaviour.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, cancellation));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, cancellation));
        return await CogCommand.RunAsync(args, Console.Out, Console.Error, Environment.CurrentDirectory, cancellation.Token);
    }

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource cancellation)
    {
        if (!cancellation.IsCancellationRequested)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }
}
