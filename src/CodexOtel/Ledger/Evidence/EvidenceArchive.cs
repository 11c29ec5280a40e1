using System.Formats.Tar;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Evidence;

/// <summary>
/// An evidence archive (tar): <c>manifest.json</c> and its <c>manifest.json.sha256</c>, the raw ledger lines
/// (<c>ledger/otel-logs.jsonl</c>), the chain entries that prove them (<c>ledger/otel-logs.chain</c>, see
/// <see cref="EvidenceChainEntry"/>) and the readable reports. <see cref="EvidenceVerifier"/> checks one without the ledger.
/// </summary>
public static class EvidenceArchive
{
    public static string LinesName(string signal) => $"ledger/otel-{signal}.jsonl";

    public static string ChainName(string signal) => $"ledger/otel-{signal}.chain";

    public static void Write(
        Stream output, EvidenceChain chain, string selection, ChainHead head, IReadOnlyList<(string Name, byte[] Content)> reports, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(head);
        var signal = chain.Signal.FileStem();
        List<(string Name, byte[] Content)> members = [(LinesName(signal), chain.LinesFile()), (ChainName(signal), chain.ChainFile()), .. reports];
        var manifest = new EvidenceManifest(
            created,
            selection,
            signal,
            chain.Lines.Count,
            chain.Entries[0].Position,
            chain.Entries[^1].Position,
            Convert.ToHexStringLower(chain.Entries[^1].Hash),
            head.Entries,
            head.Hash,
            members.Select(m => EvidenceFile.Of(m.Name, m.Content)).ToList()).ToJson();

        using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        Add(tar, EvidenceManifest.FileName, manifest, created);
        Add(tar, EvidenceManifest.SumFileName, EvidenceManifest.SumLine(manifest), created);
        foreach (var (name, content) in members)
        {
            Add(tar, name, content, created);
        }
    }

    private static void Add(TarWriter tar, string name, byte[] content, DateTimeOffset time) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content, writable: false),
            ModificationTime = time,
            Mode = DataDirectory.PrivateFileMode,
        });
}
