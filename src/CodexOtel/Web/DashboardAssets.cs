using System.Collections.Frozen;
using System.Security.Cryptography;

namespace CodexOtel.Web;

/// <summary>
/// The dashboard's files, embedded in the executable (it works offline and under Native AOT): its own HTML, CSS and
/// ES modules from Web/wwwroot and uPlot's dist files, which the build installs from npm (CodexOtel.csproj). Each is
/// served with its content type and an ETag (a hash of its bytes), revalidated on each load: a new build is never
/// served from a stale cache.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The prefix of their resource names; the rest is their path under /assets/ (index.html is the pages' shell).</summary>
    private const string ResourcePrefix = "web/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    private DashboardAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    /// <summary>One file: its bytes, content type and ETag.</summary>
    public sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name[ResourcePrefix.Length..]] = new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"");
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public Asset? Find(string path) => _assets.GetValueOrDefault(path);

    /// <summary>Answers with the file, or 304 when the browser's copy (If-None-Match) is current.</summary>
    public static Task WriteAsync(HttpContext context, Asset asset)
    {
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Bytes).AsTask();
    }
}
