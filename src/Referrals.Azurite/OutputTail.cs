using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Referrals.Azurite;

/// <summary>The last lines a child process printed, kept for error messages, and each passed to the logger.</summary>
internal sealed class OutputTail(ILogger logger, int capacity = 60)
{
    private readonly ConcurrentQueue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        AzuriteLog.Output(logger, line);
        _lines.Enqueue(line);
        while (_lines.Count > capacity && _lines.TryDequeue(out _))
        {
        }
    }

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public int Count(string text) => _lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    public override string ToString() => _lines.IsEmpty ? "(no output)" : string.Join(Environment.NewLine, _lines);
}
