using CodexOtel.Pipeline;

namespace CodexOtel.Codex;

/// <summary>
/// Who sent records of a conversation to serve, as the ledger's resources say (<see cref="ExportSender"/>): the key's
/// name (null: none was needed) and the address. Records that were imported, not sent, name nobody.
/// </summary>
public sealed record ConversationSender(string? Key, string? Address)
{
    /// <summary>The distinct senders of the events, in the order they first appear.</summary>
    public static IReadOnlyList<ConversationSender> Of(IEnumerable<CodexEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var senders = new List<ConversationSender>();
        IReadOnlyDictionary<string, object?>? last = null;
        foreach (var e in events)
        {
            // Events of one request share their resource map: each is read once.
            if (ReferenceEquals(e.Resource, last))
            {
                continue;
            }

            last = e.Resource;
            var key = e.Resource.GetValueOrDefault(ExportSender.KeyAttribute) as string;
            var address = e.Resource.GetValueOrDefault(ExportSender.AddressAttribute) as string;
            var sender = new ConversationSender(key, address);
            if ((key is not null || address is not null) && !senders.Contains(sender))
            {
                senders.Add(sender);
            }
        }

        return senders;
    }
}
