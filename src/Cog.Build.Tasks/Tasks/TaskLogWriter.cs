using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Cog.Build.Tasks;

/// <summary>A TextWriter that turns each written line into an MSBuild message, so rooms that print can run inside a task.</summary>
internal sealed class TaskLogWriter : TextWriter
{
    private readonly TaskLoggingHelper _log;
    private readonly MessageImportance _importance;
    private readonly StringBuilder _line = new();

    public TaskLogWriter(TaskLoggingHelper log, MessageImportance importance)
    {
        _log = log;
        _importance = importance;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                _log.LogMessage(_importance, "{0}", _line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Flush()
    {
        // Partial lines wait for their newline; Dispose writes what is left.
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _line.Length > 0)
        {
            _log.LogMessage(_importance, "{0}", _line.ToString());
            _line.Clear();
        }

        base.Dispose(disposing);
    }
}
