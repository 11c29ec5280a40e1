using CodexOtel.Ledger;
using ZstdSharp;

namespace CodexOtel.Receivers.Http;

/// <summary>
/// A request body read into pooled memory and decompressed, within the size limit and the shared in-flight budget.
/// Decompressed bytes are counted as they come out, so a small bomb is stopped at the limit, not after inflating.
/// </summary>
/// <remarks>
/// The buffer starts small and doubles only when what has arrived fills it, whatever Content-Length declares: memory
/// (and the budget's share of it) follows the bytes received, at most twice them. Sized from the declared length, 900
/// connections that declare 100 kB and send a byte every 2 s held the whole budget before sending anything, and every
/// real client got 429. Now each holds <see cref="FirstRead"/> (1024 connections × 16 KiB is a quarter of the
/// default budget) until Kestrel's minimum data rate answers it 408. The doubling copies cost less than 2× the body.
/// </remarks>
internal sealed class RequestBody : IDisposable
{
    private const int FirstRead = 16 * 1024;
    private const int MinRead = 4 * 1024;

    private readonly PooledBufferWriter _buffer;
    private readonly InFlightBudget _budget;
    private long _reserved;

    private RequestBody(InFlightBudget budget, int maxBytes)
    {
        _budget = budget;
        _buffer = new PooledBufferWriter(BufferPool.Requests, FirstRead, maxBytes + MinRead);
    }

    public ReadOnlySpan<byte> Span => _buffer.WrittenSpan;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, InFlightBudget budget, int maxBytes, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = new RequestBody(budget, maxBytes);
        try
        {
            await using (var decompressing = Decompressing.Open(request.Body, encoding) ?? throw UnsupportedEncoding(encoding))
            {
                await body.FillAsync(decompressing.Stream, maxBytes, cancellationToken).ConfigureAwait(false);
                decompressing.CheckComplete(body._buffer.Length);
            }

            return body;
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException)
        {
            body.Dispose();
            throw new HttpReceiverException(StatusCodes.Status400BadRequest, $"the body is not valid {encoding} data: {e.Message}");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // Kestrel reports most bad bodies as BadHttpRequestException (with their status, e.g. 408 when too slow), but
            // a chunk size beyond 2^31 as a plain IOException: the client's fault all the same, not a 500.
            body.Dispose();
            throw new HttpReceiverException(StatusCodes.Status400BadRequest, $"the body could not be read: {e.Message}");
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _buffer.Dispose();
        _budget.Release(_reserved);
        _reserved = 0;
    }

    private static HttpReceiverException UnsupportedEncoding(string encoding) => new(
        StatusCodes.Status415UnsupportedMediaType,
        $"Content-Encoding \"{encoding}\" is not supported; use gzip, deflate, zstd or none");

    private static HttpReceiverException TooLarge(int maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge,
        $"the request is larger than {maxBytes >> 20} MiB (after decompression); send smaller batches");

    private async Task FillAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            // The budget counts memory held (the buffer's capacity), not just bytes read.
            var capacity = _buffer.CapacityFor(MinRead);
            if (capacity > _reserved)
            {
                if (!_budget.TryReserve(capacity - _reserved))
                {
                    throw new HttpReceiverException(
                        StatusCodes.Status429TooManyRequests,
                        "the recorder holds too many requests in memory; retry later",
                        TimeSpan.FromSeconds(1));
                }

                _reserved = capacity;
            }

            var memory = _buffer.GetMemory(MinRead);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            _buffer.Advance(read);
            if (_buffer.Length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
    }
}
