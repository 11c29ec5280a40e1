using CodexOtel.Bench.Payloads;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;

namespace CodexOtel.Bench.Micro;

/// <summary>One Codex-shaped batch of 512 records as protobuf bytes, decoded message and ledger line.</summary>
internal sealed class MicroPayloads
{
    public const int Records = PreparedPayloads.RecordsPerRequest;

    /// <summary>Who serve says sent each request: it stamps every one (a key name and an address).</summary>
    public static readonly ExportSender Sender = new("bench-client", "127.0.0.1");

    public MicroPayloads(Signal signal)
    {
        Signal = signal;
        Message = PreparedPayloads.Build(signal, seed: 1);
        Protobuf = Message.ToByteArray();
        using var batch = LedgerLineEncoder.Encode(signal, Message, 1 << 20);
        Line = batch.Span[..^1].ToArray();
    }

    public Signal Signal { get; }

    public IMessage Message { get; }

    public byte[] Protobuf { get; }

    /// <summary>The ledger line without its '\n', as the hash chain sees it.</summary>
    public byte[] Line { get; }
}
