namespace CodexOtel.Receivers.Http;

/// <summary>A request the HTTP receiver answers with an error status; the message goes to the client only.</summary>
internal sealed class HttpReceiverException(int statusCode, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
