namespace CodexOtel.Pipeline;

/// <summary>
/// The processors every export request passes, in order, on its way to the ledger: serve's pipeline and import's are
/// built from this one list, so both write the same. A processor is added here (secret redaction is the first to come).
/// </summary>
internal static class ExportProcessors
{
    public static IReadOnlyList<IExportProcessor> Create() => [];
}
