using CodexOtel.Config;

namespace CodexOtel.Setup;

/// <summary>
/// codex-otel's own configuration: every problem the resolver finds (unknown keys, wrong types, values out of range, in
/// the file or in CODEX_OTEL_* variables), each as a problem with its fix. Nothing when all is well: doctor then goes
/// on with the configuration every other command uses.
/// </summary>
internal static class ConfigCheck
{
    public static IEnumerable<DoctorCheck> Run(ResolvedConfig resolved) =>
        resolved.Problems.Select(p => new DoctorCheck("serve_config", CheckStatus.Problem, p.Message, p.Fix));
}
