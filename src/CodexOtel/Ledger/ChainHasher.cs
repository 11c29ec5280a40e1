using System.Security.Cryptography;

namespace CodexOtel.Ledger;

/// <summary>Computes chain links with one reusable SHA-256 state (not thread-safe: one per writer or reader).</summary>
public sealed class ChainHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> line, Span<byte> destination)
    {
        _hash.AppendData(previous);
        _hash.AppendData(line);
        _hash.GetHashAndReset(destination);
    }

    public void Dispose() => _hash.Dispose();
}
