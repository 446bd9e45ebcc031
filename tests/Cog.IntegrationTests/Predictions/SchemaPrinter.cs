using System.Diagnostics;

namespace Cog.IntegrationTests.Predictions;

/// <summary>Gets a fixture's schema the way the build does: the runtime's own <c>python -m cog.command.openapi_schema</c>.</summary>
internal static class SchemaPrinter
{
    public static async Task<string> PrintAsync(string modelDirectory)
    {
        var info = new ProcessStartInfo("python3", ["-m", "cog.command.openapi_schema"])
        {
            WorkingDirectory = modelDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PYTHONPATH"] = Fixtures.RuntimePath;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, await stderr);
        return await stdout;
    }
}
