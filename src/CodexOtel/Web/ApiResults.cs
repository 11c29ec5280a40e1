using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CodexOtel.Web;

/// <summary>How the API answers: JSON from source-generated contexts (no reflection, Native AOT), errors as <c>{"error": …}</c>.</summary>
internal static class ApiResults
{
    public static async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, new ApiError(message), WebJsonContext.Default.ApiError);
    }
}

/// <summary>What a refused or failed API call answers.</summary>
internal sealed record ApiError(string Error);

/// <summary>A parameter the caller got wrong: answered 400 with its message.</summary>
internal sealed class ApiParameterException(string message) : Exception(message);
