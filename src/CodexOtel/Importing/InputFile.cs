namespace CodexOtel.Importing;

/// <summary>What a file given to <c>import</c> holds, judged by its first line (not its name).</summary>
internal enum InputFormat
{
    /// <summary>OTLP-JSON export requests, one a line, as the collector's file exporter (and our ledger) writes them.</summary>
    Collector,

    /// <summary>A Codex session file: lines of <c>{timestamp, type, payload}</c>.</summary>
    Rollout,

    /// <summary>Neither (e.g. Codex's history.jsonl, a config file): skipped.</summary>
    Unrecognised,
}

/// <summary>A file to import: where it is, its size on disk (compressed, if it is) and what it holds.</summary>
internal sealed record InputFile(string Path, long Bytes, InputFormat Format);
