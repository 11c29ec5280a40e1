namespace CodexOtel.Setup;

/// <summary>The commands doctor suggests, with the same --data and --codex-home it was given.</summary>
internal sealed class FixCommands(DoctorOptions options)
{
    private string Data => options.DataOption is { } data ? $" --data {CodexHome.ShellQuote(data)}" : "";

    private string CodexHomeOption => options.CodexHomeOption is { } dir ? $" --codex-home {CodexHome.ShellQuote(dir)}" : "";

    public string Serve => $"codex-otel serve{Data}";

    public string Show => $"codex-otel show 1{Data}";

    public string Setup => $"codex-otel setup codex{CodexHomeOption}{Data}";
}
