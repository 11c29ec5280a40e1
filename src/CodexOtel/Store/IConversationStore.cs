namespace CodexOtel.Store;

/// <summary>
/// The index of Codex conversations derived from the ledger, both sides: the indexer writes it
/// (<see cref="IConversationIndexWriter"/>), every query reads it (<see cref="IConversationReader"/>). It can be thrown
/// away and rebuilt from the ledger at any time. An instance is safe to share between threads; more than one process
/// may read while one writes (the indexer holds <c>index.lock</c>). Every back end passes the contract tests
/// (tests/CodexOtel.Tests/Store/ConversationStoreContract.cs).
/// </summary>
public interface IConversationStore : IConversationIndexWriter, IConversationReader, IDisposable;
