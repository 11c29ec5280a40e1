using System.IO.Compression;
using System.Text.Json;
using CodexOtel.Ledger;
using ZstdSharp;

namespace CodexOtel.Importing;

/// <summary>
/// Finds what to import under the paths a user gives: files as they are, folders walked (e.g. /tmp/otel-data,
/// ~/.codex/sessions, ~/.codex/archived_sessions). A file's format and compression are read from its content, not its
/// name: the collector's file exporter writes zstd without changing the name, and rotated files get timestamps.
/// </summary>
internal static class InputFiles
{
    /// <summary>How much of a file's first line is read to tell its format (a rollout's session_meta can be long).</summary>
    private const int MaxFirstLineBytes = 16 << 20;

    /// <summary>
    /// The longest line import reads. A ledger line is at most 1 MiB (<c>LedgerOptions.MaxLineBytes</c>); a collector's
    /// line is one export request as it received it, and a rollout line can carry an image: 64 MiB leaves room for both.
    /// </summary>
    public const int MaxLineBytes = 64 << 20;

    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>
    /// The files to import, in a stable order (collector files first, then rollouts; by path within each). Files inside
    /// <paramref name="dataDir"/> are this folder's own ledger and are left out.
    /// </summary>
    /// <exception cref="ImportException">a path does not exist, or names a pipe, device or socket</exception>
    public static IReadOnlyList<InputFile> Find(IEnumerable<string> paths, string dataDir, ICollection<string> notes)
    {
        var ownFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir)) + Path.DirectorySeparatorChar;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<InputFile>();
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(ExpandHome(given));
            if (FileKinds.Of(path) == FileKind.Special)
            {
                throw new ImportException(
                    $"{given} is a named pipe, device or socket, not a file: import reads files and folders.",
                    "save what it carries to a file first, then import that file");
            }

            if (File.Exists(path))
            {
                if (path.StartsWith(ownFolder, StringComparison.Ordinal))
                {
                    notes.Add($"{given} is part of this data folder's own ledger; skipped");
                    continue;
                }

                if (seen.Add(path))
                {
                    var file = Inspect(path);
                    if (file.Format == InputFormat.Unrecognised)
                    {
                        notes.Add($"{given} is neither a collector file (OTLP-JSON lines) nor a Codex rollout; skipped");
                    }

                    found.Add(file);
                }
            }
            else if (Directory.Exists(path))
            {
                foreach (var candidate in Walk(path, ownFolder))
                {
                    if (seen.Add(candidate))
                    {
                        found.Add(Inspect(candidate));
                    }
                }
            }
            else
            {
                throw new ImportException($"{given} does not exist.", "give files or folders, e.g. /tmp/otel-data or ~/.codex/sessions");
            }
        }

        return [.. found.OrderBy(f => f.Format).ThenBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Opens a file for reading its text, decompressing gzip or zstd; <paramref name="raw"/> counts the bytes read from
    /// disk. Reading fails with <see cref="ImportException"/> at a line longer than <see cref="MaxLineBytes"/>.
    /// </summary>
    public static Stream Open(string path, out CountingStream raw)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        raw = new CountingStream(file);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            var length = file.Read(magic);
            file.Seek(0, SeekOrigin.Begin);
            magic = magic[..length];
            Stream text = magic.StartsWith(ZstdMagic) ? new DecompressionStream(raw, leaveOpen: false)
                : magic.StartsWith(GzipMagic) ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: false)
                : raw;
            return new LineLimitStream(text, path, MaxLineBytes);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>What a line of a file says the file is.</summary>
    public static InputFormat Classify(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 512 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return InputFormat.Unrecognised;
            }

            var rollout = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceLogs"u8) || reader.ValueTextEquals("resourceSpans"u8) || reader.ValueTextEquals("resourceMetrics"u8)
                    || reader.ValueTextEquals("resource_logs"u8) || reader.ValueTextEquals("resource_spans"u8) || reader.ValueTextEquals("resource_metrics"u8))
                {
                    return InputFormat.Collector;
                }

                if (reader.ValueTextEquals("timestamp"u8) || reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("payload"u8))
                {
                    rollout++;
                }

                reader.Read();
                reader.Skip();
            }

            return rollout == 3 ? InputFormat.Rollout : InputFormat.Unrecognised;
        }
        catch (JsonException)
        {
            // A first line longer than we read, or not JSON at all.
            return InputFormat.Unrecognised;
        }
    }

    private static InputFile Inspect(string path)
    {
        var bytes = new FileInfo(path).Length;
        try
        {
            using var stream = Open(path, out _);
            return new InputFile(path, bytes, Classify(FirstLine(stream)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ZstdException or InvalidDataException)
        {
            return new InputFile(path, bytes, InputFormat.Unrecognised);
        }
    }

    private static byte[] FirstLine(Stream stream)
    {
        using var reader = new LineReader(new BoundedStream(stream, MaxFirstLineBytes));
        while (reader.Next() is { } line)
        {
            if (!line.Bytes.AsSpan().Trim(" \t\r"u8).IsEmpty)
            {
                return line.Bytes;
            }
        }

        return [];
    }

    // Candidates by name: anything JSON-lines-like (otel-logs.jsonl, otel-logs-2026-….jsonl.zst, rollout-….jsonl);
    // a chain file or a config file is never one. The content decides what each really is.
    private static IEnumerable<string> Walk(string folder, string ownFolder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(f => !f.StartsWith(ownFolder, StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f).Contains(".json", StringComparison.OrdinalIgnoreCase)
                && !f.EndsWith(".chain", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Where(f => FileKinds.Of(f) != FileKind.Special)
            .Order(StringComparer.Ordinal);
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
