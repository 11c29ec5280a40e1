using System.Diagnostics;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Bench.Ingest;

/// <summary>
/// Counts the records a ledger holds for one signal by decoding every durable line (rotated, compressed and active
/// segments) back into an export request — no text matching, so attribute values cannot be miscounted.
/// </summary>
internal static class LedgerRecordCount
{
    public sealed record Tally(long Segments, long Lines, long Records, long DataBytes, TimeSpan Elapsed);

    public static Tally Count(string dataDir, Signal signal)
    {
        var started = Stopwatch.GetTimestamp();
        var segments = LedgerSegment.List(dataDir, signal);
        long lines = 0, records = 0;
        Parallel.ForEach(
            segments.SelectMany(LinesOf),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            line =>
            {
                var request = OtlpJsonDecoder.Decode(signal, line);
                Interlocked.Increment(ref lines);
                Interlocked.Add(ref records, RequestSplitter.CountRecords(request));
            });
        var bytes = segments.Sum(s => new FileInfo(s.DataPath).Length);
        return new Tally(segments.Count, lines, records, bytes, Stopwatch.GetElapsedTime(started));
    }

    private static IEnumerable<byte[]> LinesOf(LedgerSegment segment)
    {
        using var stream = LedgerReader.OpenData(segment);
        if (stream is null)
        {
            yield break;
        }

        var reader = new LineReader(stream);
        while (reader.Next() is { } line)
        {
            if (!line.Complete)
            {
                throw new InvalidDataException($"{segment.FileName} ends in a partial line at {line.EndOffset}");
            }

            yield return line.Bytes;
        }
    }
}
