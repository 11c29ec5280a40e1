namespace CodexOtel.Importing;

/// <summary>A problem with an import the user can fix; the command prints it as "error: …" and "fix: …".</summary>
internal sealed class ImportException(string problem, string? fix = null) : Exception(problem)
{
    public string? Fix { get; } = fix;
}
