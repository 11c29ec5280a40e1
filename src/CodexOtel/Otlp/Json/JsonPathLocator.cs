using System.Globalization;
using System.Text.Json;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Names the JSON location of a byte offset, e.g. <c>resourceSpans[0].scopeSpans[0].spans[3].traceId</c>.
/// Only called once decoding has failed: it re-reads the input up to the offset, so the decoder itself
/// never pays for keeping track of where it is.
/// </summary>
internal static class JsonPathLocator
{
    private const int MaxSegments = 48;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 100_000 };

    public static string Locate(ReadOnlySpan<byte> utf8, long offset)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            while (reader.Read() && reader.TokenStartIndex <= offset)
            {
                var atTarget = reader.TokenStartIndex == offset;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = reader.GetString();
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (!atTarget)
                        {
                            frames.RemoveAt(frames.Count - 1);
                        }

                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].IsArray)
                        {
                            frames[^1].Index++;
                        }

                        if (!atTarget && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
                        }

                        break;
                }

                if (atTarget)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The input breaks at or before the offset (bad JSON, or a name that is not UTF-8);
            // the path read so far is the answer.
        }

        return Format(frames);
    }

    private static string Format(List<Frame> frames)
    {
        var segments = new List<string>();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index >= 0)
                {
                    segments.Add("[" + frame.Index.ToString(CultureInfo.InvariantCulture) + "]");
                }
            }
            else if (frame.Name is not null)
            {
                segments.Add(segments.Count == 0 ? frame.Name : "." + frame.Name);
            }
        }

        // Pathologically deep input would make the message as long as the input; keep both ends.
        if (segments.Count > MaxSegments)
        {
            segments = [.. segments[..(MaxSegments / 2)], "...", .. segments[^(MaxSegments / 2)..]];
        }

        return string.Concat(segments);
    }

    private sealed class Frame
    {
        public bool IsArray { get; init; }

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
