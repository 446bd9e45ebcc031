namespace Cog.Build.Docker;

/// <summary>
/// The images a Dockerfile needs from the engine: every <c>FROM</c> image and every <c>COPY --from=</c> image that is not
/// a stage of the same file. Used to fail early with a clear message, because nothing can be pulled here.
/// </summary>
public static class DockerfileImageReferences
{
    public static IReadOnlyList<string> Find(string dockerfile)
    {
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        foreach (var raw in JoinContinuations(dockerfile))
        {
            var words = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            if (words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                var image = words.Skip(1).FirstOrDefault(w => !w.StartsWith("--", StringComparison.Ordinal));
                if (image is not null)
                {
                    Add(images, stages, image);
                }

                var asIndex = Array.FindIndex(words, w => w.Equals("AS", StringComparison.OrdinalIgnoreCase));
                if (asIndex > 0 && asIndex + 1 < words.Length)
                {
                    stages.Add(words[asIndex + 1]);
                }
            }
            else if (words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var word in words.Skip(1).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                {
                    if (word.StartsWith("--from=", StringComparison.OrdinalIgnoreCase))
                    {
                        Add(images, stages, word["--from=".Length..]);
                    }
                }
            }
        }

        return images;
    }

    private static void Add(List<string> images, HashSet<string> stages, string reference)
    {
        // Stage names, stage indexes, scratch and ARG-substituted names are not engine images we can check.
        if (stages.Contains(reference) || reference.Equals("scratch", StringComparison.OrdinalIgnoreCase) ||
            reference.Contains('$') || reference.All(char.IsDigit) || images.Contains(reference))
        {
            return;
        }

        images.Add(reference);
    }

    private static IEnumerable<string> JoinContinuations(string dockerfile)
    {
        var current = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return current + line;
            current = "";
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }
}
