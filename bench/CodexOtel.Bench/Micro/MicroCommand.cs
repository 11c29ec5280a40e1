using System.CommandLine;
using BenchmarkDotNet.Running;

namespace CodexOtel.Bench.Micro;

/// <summary><c>micro [BenchmarkDotNet arguments]</c>: the micro-benchmarks; without arguments, all of them.</summary>
internal static class MicroCommand
{
    public static Command Create()
    {
        var command = new Command("micro", "BenchmarkDotNet micro-benchmarks: decode, ledger encode, hash chain (e.g. micro --filter *Decode*)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse =>
        {
            var args = parse.UnmatchedTokens.Count > 0 ? parse.UnmatchedTokens.ToArray() : ["--filter", "*"];
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(args);
            return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
        });
        return command;
    }
}
