namespace Cog.Build.Diagnostics;

// COG5xxx: the model server in the container: setup, health, predictions.
public static partial class Messages
{
    public static readonly MessageTemplate ModelSetupFailed =
        Error("COG5001", "Model setup failed. Fix the error in setup() shown in the logs above.{0}");

    public static readonly MessageTemplate ModelContainerExited =
        Error("COG5002", "Container exited unexpectedly before the model was ready. Check the logs above.{0}");

    public static readonly MessageTemplate ModelSetupTimedOut =
        Error("COG5003", "Timed out after {0} s waiting for setup() to finish. Raise --setup-timeout (CogSetupTimeout) or make setup() faster.");

    public static readonly MessageTemplate HealthUnexpectedStatus =
        Error("COG5004", "Container healthcheck returned unexpected status: {0}");

    public static readonly MessageTemplate HealthInvalidResponse =
        Error("COG5005", "Container healthcheck returned invalid response: {0}");

    public static readonly MessageTemplate PredictionFailed =
        Error("COG5006", "Prediction failed with status \"{0}\": {1}");

    public static readonly MessageTemplate RuntimeRequestFailed =
        Error("COG5007", "The model server answered {0} to {1}: {2}");

    public static readonly MessageTemplate RuntimeUnreachable =
        Error("COG5008", "Lost connection to the model server at {0}: {1}. The container may have stopped; check the logs above.");

    public static readonly MessageTemplate WorkerDefunct =
        Error("COG5009", "The model's worker process died and the server cannot run predictions (DEFUNCT). Check the logs above.{0}");

    public static readonly MessageTemplate PredictionCanceled =
        Error("COG5010", "Prediction canceled.");

    public static readonly MessageTemplate TrainingFailed =
        Error("COG5011", "Training failed with status \"{0}\": {1}");

    // COG51xx are printed by the Python runtime inside the container, from src/Cog.Runtime/cog/messages.py: a module
    // generated from these rows (RuntimeMessagesModuleTests fails when it differs; COG_UPDATE_GOLDENS=1 rewrites it).
    public static readonly MessageTemplate RuntimeNoRunnerConfigured =
        Error("COG5101", "no runner configured. Set '{0}: \"run.py:Runner\"' in cog.yaml in the current folder, or set {1}=file.py:Name.");

    public static readonly MessageTemplate RuntimeSchemaGenerationFailed =
        Error("COG5102", "cannot generate the schema: {0}");

    public static readonly MessageTemplate RuntimeRunnerImportFailed =
        Error("COG5103", "importing the runner failed: {0}");
}
