using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// A short job run in this process (no generated project to build): 3 warm-ups, 5 iterations — minutes, not hours,
/// on a shared 2-core machine. Benchmarks divide by the records in a batch, so "Mean" is per span / log record.
/// </summary>
internal sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
