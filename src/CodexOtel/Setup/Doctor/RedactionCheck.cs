using CodexOtel.Config;

namespace CodexOtel.Setup;

/// <summary>
/// Whether secrets are redacted before the ledger, as serve and import resolve it (flag aside): on by default, so
/// only off is said, with where it was turned off and how to turn it back on. Not a problem — someone chose it — but
/// worth knowing for a ledger kept for audit.
/// </summary>
internal static class RedactionCheck
{
    public static IEnumerable<DoctorCheck> Run(ResolvedConfig resolved)
    {
        if (resolved.Config.Redaction.Enabled)
        {
            yield break;
        }

        var source = resolved.SourceOf(ConfigSettings.RedactionEnabled);
        var fix = source.Origin == ConfigOrigin.Environment
            ? $"unset {source.Where}"
            : $"set [redaction] enabled = true in {source.Where.Split(':')[0]} (or remove it), then restart serve";
        yield return new DoctorCheck(
            "redaction",
            CheckStatus.Info,
            $"redaction is off ({source.Where}): secrets that pass through Codex are written to the ledger as sent",
            fix);
    }
}
