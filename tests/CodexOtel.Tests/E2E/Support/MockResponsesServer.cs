using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// A stand-in for the OpenAI Responses API on 127.0.0.1: each POST /v1/responses takes the next scripted
/// <see cref="MockTurn"/> (a text answer once the script runs out); everything else, e.g. Codex's
/// /v1/analytics calls, gets 404. Every request is recorded.
/// </summary>
public sealed class MockResponsesServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<MockTurn> _script;
    private readonly List<RecordedRequest> _requests = [];
    private int _responseCount;

    private MockResponsesServer(WebApplication app, IEnumerable<MockTurn> script)
    {
        _app = app;
        _script = new Queue<MockTurn>(script);
        app.MapPost("/v1/responses", AnswerAsync);
        app.MapFallback(RecordNotFoundAsync);
    }

    /// <summary>Base URL for Codex's <c>model_providers.*.base_url</c>, ending in /v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Bodies of the POST /v1/responses requests, in order.</summary>
    public IReadOnlyList<JsonNode> ResponsesRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(r => r.Path == "/v1/responses" && r.Body is not null).Select(r => r.Body!)];
            }
        }
    }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<MockResponsesServer> StartAsync(params MockTurn[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var server = new MockResponsesServer(builder.Build(), script);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public void Enqueue(MockTurn turn)
    {
        lock (_requests)
        {
            _script.Enqueue(turn);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        await RecordAsync(http.Request);
        MockTurn turn;
        int number;
        lock (_requests)
        {
            turn = _script.Count > 0 ? _script.Dequeue() : new MockTurn.Text("done");
            number = ++_responseCount;
        }

        if (turn is MockTurn.Failure failure)
        {
            http.Response.StatusCode = failure.StatusCode;
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = "scripted failure", ["type"] = "server_error" },
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(ResponsesStream.For(turn, $"resp_{number}"));
    }

    private async Task RecordNotFoundAsync(HttpContext http)
    {
        await RecordAsync(http.Request);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private async Task RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        JsonNode? body = null;
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && text.Length > 0)
        {
            body = JsonNode.Parse(text);
        }

        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, request.Path.Value ?? "", body));
        }
    }
}

/// <summary>One request the mock model server received.</summary>
public sealed record RecordedRequest(string Method, string Path, JsonNode? Body);
