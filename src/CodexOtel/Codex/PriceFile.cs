using CodexOtel.Toml;
using Tomlyn;
using Tomlyn.Model;

namespace CodexOtel.Codex;

/// <summary>
/// The user's price overrides, <c>$XDG_CONFIG_HOME/codex-otel/prices.toml</c> (<c>~/.config/…</c> without XDG):
/// <code>
/// [models."gpt-5"]
/// input = 1.25          # USD per 1M input tokens
/// cached_input = 0.125  # per 1M cached input tokens; the input price when left out
/// output = 10.0         # per 1M output tokens, reasoning included
/// </code>
/// </summary>
public static class PriceFile
{
    public static string DefaultPath() =>
        PathFor(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string PathFor(string? xdgConfigHome, string home) =>
        Path.Combine(string.IsNullOrWhiteSpace(xdgConfigHome) ? Path.Combine(home, ".config") : xdgConfigHome, "codex-otel", "prices.toml");

    /// <summary>The models the file prices. Throws <see cref="PriceFileException"/> naming what is wrong.</summary>
    public static Dictionary<string, ModelPrice> Parse(string toml, string path)
    {
        TomlTable root;
        try
        {
            root = TomlDocument.Parse(toml);
        }
        catch (TomlException e)
        {
            throw new PriceFileException($"{path} is not valid TOML: {e.Message}");
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetValue("models", out var models))
        {
            return prices;
        }

        if (models is not TomlTable table)
        {
            throw new PriceFileException($"{path}: \"models\" should be a table of models, e.g. [models.\"gpt-5\"]");
        }

        foreach (var (model, value) in table)
        {
            if (value is not TomlTable entry)
            {
                throw new PriceFileException($"{path}: models.\"{model}\" should be a table with input, cached_input and output");
            }

            var input = Number(entry, "input", model, path) ?? throw Missing(model, "input", path);
            var output = Number(entry, "output", model, path) ?? throw Missing(model, "output", path);
            prices[model] = new ModelPrice(input, Number(entry, "cached_input", model, path) ?? input, output);
        }

        return prices;
    }

    private static decimal? Number(TomlTable entry, string key, string model, string path)
    {
        if (!entry.TryGetValue(key, out var value))
        {
            return null;
        }

        decimal? price = value switch
        {
            long l => l,
            int i => i,
            double d when double.IsFinite(d) => (decimal)d,
            float f when float.IsFinite(f) => (decimal)f,
            _ => null,
        };
        return price is >= 0
            ? price
            : throw new PriceFileException($"{path}: models.\"{model}\".{key} should be a number of USD per 1M tokens (≥ 0), not {value}");
    }

    private static PriceFileException Missing(string model, string key, string path) =>
        new($"{path}: models.\"{model}\" needs {key} (USD per 1M tokens)");
}

