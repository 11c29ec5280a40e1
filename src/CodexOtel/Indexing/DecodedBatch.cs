using CodexOtel.Codex;
using CodexOtel.Ledger;

namespace CodexOtel.Indexing;

/// <summary>A batch of ledger lines as events, and the checkpoint after its last line.</summary>
internal sealed record DecodedBatch(int Lines, long Bytes, LedgerCheckpoint? After, List<CodexEvent> Events);
