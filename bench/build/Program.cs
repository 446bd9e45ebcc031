using System.Diagnostics;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Dockerfile;
using Cog.Build.Images;

// Measures, for one model folder: the build context (files, bytes), a cold build (no engine cache), a rebuild with no
// change, and a rebuild after editing the model code. Prints the figures; asserts nothing.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: BuildBench MODEL_DIR RUNTIME_DIR");
    return 2;
}

var source = Path.GetFullPath(args[0]);
var runtime = Path.GetFullPath(args[1]);
var work = Directory.CreateTempSubdirectory("cog-bench-").FullName;
var image = $"cogtest-engine-bench-{Guid.NewGuid():N}"[..32] + ":latest";
foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
{
    var relative = Path.GetRelativePath(source, file);
    if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is ".cog" or "bin" or "obj"))
    {
        continue;
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, relative))!);
    File.Copy(file, Path.Combine(work, relative));
}

try
{
    using var engine = await DockerEngine.ConnectAsync();
    var context = new BuildContext(work);
    var entries = context.Enumerate().Count(e => e.Kind == BuildContextEntryKind.File);
    Console.WriteLine($"engine            Docker {engine.ServerVersion}, API {engine.ApiVersion}, {(engine.BuildKitAvailable ? "BuildKit" : "classic builder")}");
    Console.WriteLine($"context (project) {entries} files, {context.MeasureSize():N0} bytes");

    var pipeline = new ImageBuildPipeline(engine);
    var request = new ImageBuildRequest(work, runtime) { ImageName = image, BaseImage = new BaseImageOptions(UseCogBaseImage: false) };

    async Task<(double Seconds, ImageBuildOutcome Outcome)> Timed(ImageBuildRequest r)
    {
        var clock = Stopwatch.StartNew();
        var outcome = await pipeline.BuildAsync(r);
        return (clock.Elapsed.TotalSeconds, outcome);
    }

    var cold = await Timed(request with { NoCache = true });
    Console.WriteLine($"cold build        {cold.Seconds,6:F2} s  ({cold.Outcome.Build.ExecutedSteps.Count()} steps executed)");
    var noChange = await Timed(request);
    Console.WriteLine($"no-change rebuild {noChange.Seconds,6:F2} s  ({noChange.Outcome.Build.ExecutedSteps.Count()} steps executed)");
    // Unique text: an edit seen before would be served from the engine cache.
    File.AppendAllText(Path.Combine(work, "run.py"), $"\n# benchmark edit {Guid.NewGuid():N}\n");
    var edited = await Timed(request);
    Console.WriteLine($"code-change build {edited.Seconds,6:F2} s  (executed: {string.Join(", ", edited.Outcome.Build.ExecutedSteps.Select(s => s.Instruction))})");
    var size = (await engine.InspectImageAsync(image))?.Size ?? 0;
    Console.WriteLine($"image size        {size / 1e6:F0} MB");
    await engine.RemoveImageAsync(image);
    return 0;
}
catch (CogException error)
{
    foreach (var diagnostic in error.Diagnostics)
    {
        Console.Error.WriteLine(diagnostic);
    }

    return 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}
