using System.CommandLine;
using System.Text.RegularExpressions;
using CodexOtel.Ledger;
using CodexOtel.Receivers.Keys;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel keys add|list|revoke</c>: the named keys of the data folder (<see cref="KeyFile"/>). A running serve
/// takes a change within a second, without a restart. A key is printed once, when it is made; only its hash is kept.
/// </summary>
internal static partial class KeysCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Who holds the key, e.g. alice-laptop (letters, digits, . _ -)" };
    private static readonly Option<bool> Read = new("--read") { Description = "A read token for the dashboard and its API, instead of a key for sending telemetry" };

    public static Command Create()
    {
        var add = new Command("add", "Make a new named key and print it (once)") { Name, Read };
        add.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Add(parse))));
        var list = new Command("list", "List the named keys: name, role, created, revoked (--json: also each key's SHA-256)") { CommonOptions.Json };
        list.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(List(parse))));
        var revoke = new Command("revoke", "Revoke a named key: it is refused from then on, and stays listed") { Name };
        revoke.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Revoke(parse))));
        return new Command("keys", "Named API keys: one per sender (stamped on what it sends), read tokens for the dashboard")
        {
            add,
            list,
            revoke,
        };
    }

    private static int Add(ParseResult parse)
    {
        var (path, keys) = Load(parse);
        var name = parse.GetValue(Name)!;
        if (!ValidName().IsMatch(name))
        {
            throw new UserError($"\"{name}\" is not a key name.", "use 1 to 64 letters, digits, '.', '_' or '-', e.g. alice-laptop");
        }

        if (keys.Any(k => k.Name == name))
        {
            throw new UserError($"a key named {name} exists already.", $"choose another name, or codex-otel keys revoke {name} and add it under a new one");
        }

        var role = parse.GetValue(Read) ? KeyRole.Read : KeyRole.Ingest;
        var key = KeyFile.NewKey();
        KeyFile.Write(path, [.. keys, new ApiKeyRecord(name, role, KeyFile.Hash(key), DateTimeOffset.UtcNow)]);
        Console.WriteLine(key);
        Console.Error.WriteLine(role == KeyRole.Ingest
            ? $"key {name} added: clients send it as Authorization: Bearer KEY (codex-otel setup codex --api-key KEY writes it for Codex). It is not shown again."
            : $"read token {name} added: the dashboard and its API take it as Authorization: Bearer TOKEN. It is not shown again.");
        return 0;
    }

    private static int List(ParseResult parse)
    {
        var (_, keys) = Load(parse);
        if (parse.GetValue(CommonOptions.Json))
        {
            foreach (var key in keys)
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(key, KeysJsonContext.Default.ApiKeyRecord));
            }

            return 0;
        }

        if (keys.Count == 0)
        {
            Console.WriteLine("no named keys (codex-otel keys add NAME makes one)");
            return 0;
        }

        var table = TextTable.Of(("name", false), ("role", false), ("created (UTC)", false), ("revoked (UTC)", false));
        foreach (var key in keys)
        {
            table.AddRow(key.Name, key.Role == KeyRole.Read ? "read" : "ingest", Utc(key.Created), key.Revoked is { } at ? Utc(at) : "");
        }

        table.Write(Console.Out);
        return 0;
    }

    private static int Revoke(ParseResult parse)
    {
        var (path, keys) = Load(parse);
        var name = parse.GetValue(Name)!;
        var key = keys.FirstOrDefault(k => k.Name == name)
            ?? throw new UserError($"there is no key named {name}.", "codex-otel keys list shows the names");
        if (!key.Active)
        {
            Console.WriteLine($"key {name} was revoked already, at {Utc(key.Revoked!.Value)}");
            return 0;
        }

        KeyFile.Write(path, keys.Select(k => k == key ? k with { Revoked = DateTimeOffset.UtcNow } : k));
        Console.WriteLine($"key {name} revoked: a running serve refuses it within a second");
        return 0;
    }

    private static (string Path, IReadOnlyList<ApiKeyRecord> Keys) Load(ParseResult parse)
    {
        var folder = CliConfig.DataDir(parse);
        Directory.CreateDirectory(folder, DataDirectory.PrivateFolderMode);
        var path = KeyFile.PathIn(folder);
        try
        {
            return (path, KeyFile.Read(path));
        }
        catch (InvalidDataException e)
        {
            throw new UserError(e.Message, $"correct or remove that line of {path}");
        }
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidName();
}
