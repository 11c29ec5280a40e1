namespace CodexOtel.Tests.E2E;

/// <summary>Tests that start real client processes (Codex, node) run one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealClientsCollection
{
    public const string Name = "Real OTLP client processes";
}
