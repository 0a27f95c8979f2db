using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace ActorStack.Host;

/// <summary>A Serilog sink onto a TextWriter (the console's stderr, or a test's writer), one event at a time.</summary>
internal sealed class TextWriterSink : ILogEventSink
{
    private readonly TextWriter _writer;
    private readonly ITextFormatter _formatter;
    private readonly object _gate = new();

    public TextWriterSink(TextWriter writer, ITextFormatter formatter)
    {
        _writer = writer;
        _formatter = formatter;
    }

    public void Emit(LogEvent logEvent)
    {
        // Live mode logs from several CPU threads; lines must not interleave.
        lock (_gate)
        {
            _formatter.Format(logEvent, _writer);
            _writer.Flush();
        }
    }
}
