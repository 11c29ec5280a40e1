namespace CodexOtel.Ledger;

/// <summary>The ledger cannot take more now: its writer is behind. Clients should retry after a pause.</summary>
public sealed class LedgerBusyException(string message) : Exception(message);

/// <summary>The ledger cannot write (disk full, I/O error). Nothing of the request was kept; clients should retry.</summary>
public sealed class LedgerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The files are not in a state a crash can leave; the recorder will not touch them.</summary>
public sealed class LedgerDamagedException(string message) : Exception(message);
