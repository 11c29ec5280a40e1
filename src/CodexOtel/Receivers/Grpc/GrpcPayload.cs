using System.Buffers;
using CodexOtel.Ledger;
using Grpc.Core;

namespace CodexOtel.Receivers.Grpc;

/// <summary>
/// The protobuf bytes of one gRPC export request, copied out of gRPC's buffer into a pooled array and left
/// undecoded, so that the sink can write the ledger line straight from them.
/// </summary>
internal sealed class GrpcPayload : IDisposable
{
    public static readonly Marshaller<GrpcPayload> Marshaller = new(
        (GrpcPayload payload, SerializationContext context) => context.Complete(payload.Span.ToArray()),
        (DeserializationContext context) =>
        {
            var bytes = context.PayloadAsReadOnlySequence();
            var buffer = BufferPool.Requests.Rent((int)bytes.Length);
            bytes.CopyTo(buffer);
            return new GrpcPayload(buffer, (int)bytes.Length);
        });

    private byte[]? _buffer;

    private GrpcPayload(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            BufferPool.Requests.Return(buffer);
        }
    }
}
