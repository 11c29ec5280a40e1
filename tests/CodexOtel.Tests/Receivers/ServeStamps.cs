using CodexOtel.Pipeline;
using Google.Protobuf;

namespace CodexOtel.Tests.Receivers;

/// <summary>
/// The sender serve stamps on what the tests' clients send (<see cref="ExportSender"/>), for tests that compare the
/// ledger with what was sent: the lines and requests serve records.
/// </summary>
internal static class ServeStamps
{
    /// <summary>A client on 127.0.0.1 that sends no key, as the tests' recorders take them.</summary>
    public static ExportSender LoopbackWithoutKey { get; } = new(null, "127.0.0.1");

    /// <summary>A copy of a request as serve records it from a loopback client without a key: every resource stamped.</summary>
    public static T AsRecorded<T>(T request)
        where T : IMessage<T>, IDeepCloneable<T>
    {
        var copy = request.Clone();
        LoopbackWithoutKey.Stamp.Apply(copy);
        return copy;
    }
}
