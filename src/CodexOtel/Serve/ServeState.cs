using System.Text.Json;
using System.Text.Json.Serialization;
using CodexOtel.Ledger;

namespace CodexOtel.Serve;

/// <summary>
/// <c>serve.json</c> in the data folder while a recorder runs: where it listens, so that other commands (and tests)
/// can find it. Removed on a clean stop; a stale one (dead pid) is ignored.
/// </summary>
public sealed record ServeState(int Pid, string Version, string Grpc, string Http, string DataDir, DateTimeOffset StartedAt)
{
    public const string FileName = "serve.json";

    /// <summary>When every port speaks TLS: serve's certificate file, which clients on this machine trust (pinned).</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>"https" or "http".</summary>
    [JsonIgnore]
    public string Scheme => TlsCertificate is null ? "http" : "https";

    /// <summary>Where each of the other listeners (<see cref="ServeListener.Name"/>: ui, metrics) listens.</summary>
    public IReadOnlyDictionary<string, string> Listeners { get; init; } = new Dictionary<string, string>();

    /// <summary>Their lines in the banner (not kept in the file: they may hold the dashboard's login token).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Banner { get; init; } = [];

    public static ServeState? TryRead(string dataDir)
    {
        try
        {
            var path = Path.Combine(dataDir, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ServeJsonContext.Default.ServeState) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write()
    {
        var path = Path.Combine(DataDir, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write)))
        {
            JsonSerializer.Serialize(file, this, ServeJsonContext.Default.ServeState);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Delete() => File.Delete(Path.Combine(DataDir, FileName));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ServeState))]
internal sealed partial class ServeJsonContext : JsonSerializerContext;
