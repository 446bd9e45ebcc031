namespace Cog.Cli.Verbs;

/// <summary>The files <c>cog init</c> writes, by relative path. Our own templates: a BaseRunner skeleton and a commented cog.yaml.</summary>
public static class InitTemplates
{
    /// <param name="sdkReference">The Sdk attribute, pinned to this cog's version (e.g. Cog.Sdk/0.1.0) so it resolves without a global.json.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> For(string folderName, string sdkReference) =>
    [
        new(".dockerignore", """
            # Files that never go into the image.
            **/.git
            **/.github
            **/.gitignore
            .python-version
            __pycache__
            .mypy_cache
            .pytest_cache
            .ruff_cache
            /venv
            .cog
            obj
            bin

            """),
        new("cog.yaml", """
            # Describes the model's environment and entry point.
            # Reference: docs/cog-yaml.md

            build:
              # Set to true when the model needs a GPU.
              gpu: false

              # The Python version, as "major.minor".
              python_version: "3.11"

              # Python packages, one per line in requirements.txt (pin versions for reproducible images).
              python_requirements: requirements.txt

              # Debian packages, if any:
              # system_packages:
              #   - "libgl1"

              # Commands run once while the image is built:
              # run:
              #   - "echo environment ready"

            # The class that runs the model: file and class name.
            run: "run.py:Runner"

            """),
        new("requirements.txt", """
            # Python packages for the model, for example:
            # numpy==2.1.3

            """),
        new("run.py", """
            # The model's entry point: `cog run -i text=hello` calls Runner.run.
            from cog import BaseRunner, Input


            class Runner(BaseRunner):
                def setup(self) -> None:
                    # Load weights and anything slow here: it runs once when the container starts.
                    pass

                def run(self, text: str = Input(description="Text to echo back")) -> str:
                    return "echo: " + text

            """),
        new(folderName + ".cogproj", $$"""
            <!-- Makes this folder an MSBuild project: `dotnet build` builds the model's image. -->
            <Project Sdk="{{sdkReference}}">
              <PropertyGroup>
                <!-- <CogImage>registry.example.com/you/model</CogImage> -->
              </PropertyGroup>
            </Project>

            """),
    ];
}
