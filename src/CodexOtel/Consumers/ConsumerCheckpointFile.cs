using System.Globalization;
using System.Text;
using CodexOtel.Ledger;

namespace CodexOtel.Consumers;

/// <summary>
/// A consumer's checkpoint in the data folder, <c>consumer-{name}.checkpoint</c>: <c>{segment id} {offset}\n</c>,
/// 0600, saved with <see cref="AtomicFile"/> so a crash leaves the old checkpoint or the new one, never a torn one.
/// </summary>
public sealed class ConsumerCheckpointFile(string dataDir, string consumerName) : ILedgerCheckpointStore
{
    public string Path { get; } = System.IO.Path.Combine(dataDir, $"consumer-{consumerName}.checkpoint");

    public LedgerCheckpoint? Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path, Encoding.ASCII);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var parts = text.TrimEnd('\n').Split(' ');
        return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? new LedgerCheckpoint(parts[0], offset)
            : throw new IOException($"{System.IO.Path.GetFileName(Path)} is not a checkpoint; move it aside to start from the beginning");
    }

    public void Save(LedgerCheckpoint checkpoint) =>
        AtomicFile.Write(dataDir, Path, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{checkpoint.SegmentId} {checkpoint.Offset}\n")));
}
