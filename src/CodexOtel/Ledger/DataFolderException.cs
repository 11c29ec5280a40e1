namespace CodexOtel.Ledger;

/// <summary>The data folder cannot be one (e.g. the path names a file): a problem the user fixes, with the fix.</summary>
public sealed class DataFolderException(string problem, string fix) : Exception(problem)
{
    public string Fix { get; } = fix;
}
