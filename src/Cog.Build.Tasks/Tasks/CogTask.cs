using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Cog.Build.Tasks;

/// <summary>
/// Base of every Cog task: runs the async core with a cancellation token (Ctrl-C in MSBuild cancels it) and turns
/// <see cref="CogException"/> diagnostics into coded MSBuild errors and warnings, never stack traces.
/// </summary>
public abstract class CogTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(_cancellation.Token).GetAwaiter().GetResult();
        }
        catch (CogException failure)
        {
            foreach (var diagnostic in failure.Diagnostics)
            {
                LogDiagnostic(diagnostic);
            }
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "Canceled.");
            return false;
        }
        catch (Exception unexpected)
        {
            LogDiagnostic(Messages.UnexpectedFailure.Create(unexpected.Message));
            Log.LogMessage(MessageImportance.Low, unexpected.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation);

    protected void LogDiagnostic(Diagnostic diagnostic) => LogDiagnostic(Log, diagnostic);

    internal static void LogDiagnostic(TaskLoggingHelper log, Diagnostic diagnostic)
    {
        if (diagnostic.IsError)
        {
            log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
        }
        else
        {
            log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
        }
    }

    /// <summary>Parses "NAME=value" items (CogEnvironment, CogLabel …); a Value metadata wins over the text after '='.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> NameValuePairs(ITaskItem[]? items)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in items ?? [])
        {
            var text = item.ItemSpec;
            var value = item.GetMetadata("Value");
            var equals = text.IndexOf('=');
            if (value.Length == 0 && equals >= 0)
            {
                pairs.Add(new(text[..equals], text[(equals + 1)..]));
            }
            else
            {
                pairs.Add(new(equals >= 0 ? text[..equals] : text, value));
            }
        }

        return pairs;
    }
}
