using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;

namespace CodexOtel.Tests.Receivers;

/// <summary>
/// The sender serve stamps on what the tests' clients send (<see cref="ExportSender"/>), for tests that compare the
/// ledger with what was sent: the lines serve writes, or requests compared without the stamp.
/// </summary>
internal static class ServeStamps
{
    /// <summary>A client on 127.0.0.1 that sends no key, as the tests' recorders take them.</summary>
    public static ExportSender LoopbackWithoutKey { get; } = new(null, "127.0.0.1");

    private static readonly ResourceStamp Nobody = new([(ExportSender.KeyAttribute, null), (ExportSender.AddressAttribute, null)]);

    /// <summary>
    /// The request without sender attributes, changed in place. Apply it to both sides of a comparison: a resource the
    /// client left out is then an empty one on both.
    /// </summary>
    public static T WithoutSender<T>(T request)
        where T : IMessage
    {
        Nobody.Apply(request);
        return request;
    }
}
