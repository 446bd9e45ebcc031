using System.Diagnostics;
using System.Text;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// A writer that remembers when each piece of text arrived, so a test can tell text written while a prediction ran
/// from text written once it had finished.
/// </summary>
internal sealed class TimestampedWriter : TextWriter
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private readonly StringBuilder _text = new();
    private readonly List<(int End, TimeSpan At)> _chunks = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    /// <summary>When the first occurrence of <paramref name="text"/> was complete; null if it never arrived.</summary>
    public TimeSpan? TimeOf(string text)
    {
        lock (_text)
        {
            var start = _text.ToString().IndexOf(text, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            var last = start + text.Length - 1;
            return _chunks.First(c => c.End > last).At;
        }
    }

    public static TimeSpan Now => Clock.Elapsed;

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    private void Append(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_text)
        {
            _text.Append(value);
            _chunks.Add((_text.Length, Clock.Elapsed));
        }
    }
}
