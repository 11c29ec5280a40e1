namespace CodexOtel.Cli;

/// <summary>A problem the user can fix: printed as "error: …" and "fix: …", exit code 2, never a stack trace.</summary>
internal sealed class UserError(string problem, string? fix = null) : Exception(problem)
{
    public string? Fix { get; } = fix;
}
