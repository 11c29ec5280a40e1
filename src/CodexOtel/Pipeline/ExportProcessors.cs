using CodexOtel.Processors.Redaction;

namespace CodexOtel.Pipeline;

/// <summary>
/// The processors every export request passes, in order, on its way to the ledger: serve's pipeline and import's are
/// built from this one list, so both write the same.
/// </summary>
internal static class ExportProcessors
{
    /// <exception cref="ArgumentException">a user rule's pattern does not compile (the config checked it already)</exception>
    public static IReadOnlyList<IExportProcessor> Create(RedactionOptions redaction) =>
        redaction.Enabled ? [new RedactionProcessor(new Redactor(redaction.Rules))] : [];
}
