using CodexOtel.Ledger;

namespace CodexOtel.Consumers;

/// <summary>Where one consumer keeps its position in the ledger.</summary>
public interface ILedgerCheckpointStore
{
    /// <summary>The checkpoint saved last; null: from the beginning.</summary>
    LedgerCheckpoint? Load();

    /// <summary>Makes the checkpoint durable; called after each batch is consumed.</summary>
    void Save(LedgerCheckpoint checkpoint);
}
