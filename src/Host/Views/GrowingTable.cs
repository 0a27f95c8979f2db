using Spectre.Console;

namespace ActorStack.Host.Views;

/// <summary>
/// On a terminal, a Spectre table that grows a row as each measurement ends (sweep, soak, bench), drawn in place with
/// a live display and left on screen.
/// </summary>
internal static class GrowingTable
{
    /// <summary>
    /// Draws an empty table with <paramref name="columns"/> (header, right-aligned) on the terminal
    /// <paramref name="output"/>, then runs <paramref name="fill"/>, which adds each row (its cells, and a style or
    /// null for plain) through the callback it is given.
    /// </summary>
    public static void Run(TextWriter output, IReadOnlyList<(string Header, bool Right)> columns, Action<Action<string[], Style?>> fill)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, right) in columns)
        {
            var column = new TableColumn(header);
            table.AddColumn(right ? column.RightAligned() : column);
        }

        Terminal.Ansi(output).Live(table).AutoClear(false).Start(context =>
        {
            context.Refresh();
            fill((cells, style) =>
            {
                table.AddRow(cells.Select(c => new Text(c, style ?? Style.Plain)));
                context.Refresh();
            });
        });
    }
}
