namespace CodexOtel.Bench.Conversations;

/// <summary>What <c>conversations</c> runs: which binary and seed viewer, how much data, how many runs of each command.</summary>
internal sealed record ConversationsOptions
{
    public required string ServerExecutable { get; init; }

    public required string SeedScript { get; init; }

    public string Python { get; init; } = "python3";

    public int Conversations { get; init; } = 5_000;

    public int Seed { get; init; } = 20261123;

    /// <summary>Runs of each codex-otel query; the median is reported.</summary>
    public int Runs { get; init; } = 5;

    public int ImportRuns { get; init; } = 5;

    public int SeedRuns { get; init; } = 3;

    public string SearchWord { get; init; } = CodexVocabulary.SearchWord;

    /// <summary>Where the generated file, the data folders and the outputs go (a real disk: import fsyncs).</summary>
    public required string WorkDir { get; init; }

    public bool Keep { get; init; }

    /// <summary>Write the seed file, print what is in it, and stop.</summary>
    public bool GenerateOnly { get; init; }
}
