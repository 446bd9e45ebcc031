using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Docker;

/// <summary>
/// Builds with <c>docker buildx build</c>, used only when the build has secrets: secrets travel over a BuildKit session,
/// which the Engine API's <c>POST /build</c> cannot open. The context is written to a temporary folder for the CLI.
/// </summary>
internal static partial class BuildxBuilder
{
    public static async Task<BuildResult> BuildAsync(DockerEngine engine, BuildRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        var probe = new List<string>();
        if (await RunAsync(new[] { "buildx", "version" }, probe.Add, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw Messages.BuildxMissing.Fail(string.Join(" ", probe).Trim());
        }

        var work = Directory.CreateTempSubdirectory("cog-buildx-");
        try
        {
            var contextDir = Path.Combine(work.FullName, "context");
            Directory.CreateDirectory(contextDir);
            var tarPath = Path.Combine(work.FullName, "context.tar");
            await using (var tar = File.Create(tarPath))
            {
                await request.Context.WriteTarAsync(tar, cancellationToken).ConfigureAwait(false);
            }

            await TarFile.ExtractToDirectoryAsync(tarPath, contextDir, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
            var idFile = Path.Combine(work.FullName, "image.id");
            var arguments = new List<string> { "buildx", "build", "--progress=plain", "--load", "--iidfile", idFile, "-f", Path.Combine(contextDir, request.DockerfilePath) };
            foreach (var tag in request.Tags)
            {
                arguments.AddRange(new[] { "-t", tag });
            }

            if (request.Target is not null)
            {
                arguments.AddRange(new[] { "--target", request.Target });
            }

            if (request.NoCache)
            {
                arguments.Add("--no-cache");
            }

            arguments.AddRange(request.Labels.SelectMany(l => new[] { "--label", l.Key + "=" + l.Value }));
            arguments.AddRange(request.BuildArgs.SelectMany(a => new[] { "--build-arg", a.Key + "=" + a.Value }));
            arguments.AddRange(request.Secrets.SelectMany(s => new[] { "--secret", s }));
            arguments.Add(contextDir);

            var steps = new List<BuildStep>();
            var tail = new Queue<string>();
            var exitCode = await RunAsync(arguments, line =>
            {
                log(line);
                Track(line, steps);
                tail.Enqueue(line);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }, cancellationToken).ConfigureAwait(false);

            if (exitCode != 0)
            {
                throw Messages.BuildxFailed.Fail(exitCode, Environment.NewLine + string.Join(Environment.NewLine, tail));
            }

            return new BuildResult((await File.ReadAllTextAsync(idFile, cancellationToken).ConfigureAwait(false)).Trim(), true, steps);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // Plain progress: "#5 [deps 2/4] RUN pip install …", "#5 CACHED".
    private static void Track(string line, List<BuildStep> steps)
    {
        var match = StepLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var text = match.Groups[2].Value;
        var index = steps.FindIndex(s => s.Number == number);
        if (index < 0)
        {
            steps.Add(new BuildStep(number, text, false, null, Array.Empty<string>()));
        }
        else if (text == "CACHED")
        {
            steps[index] = steps[index] with { Cached = true };
        }
    }

    private static async Task<int> RunAsync(IEnumerable<string> arguments, Action<string> line, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception error)
        {
            throw Messages.BuildxMissing.Fail(error.Message);
        }

        using (process)
        {
            var sync = new object();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (sync) { line(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (sync) { line(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return process.ExitCode;
        }
    }

    [GeneratedRegex(@"^#(\d+) (.+)$")]
    private static partial Regex StepLine();
}
