using System.Globalization;
using System.Text;

namespace CodexOtel.Bench.Conversations;

/// <summary>
/// What a developer's Codex conversations are about: repositories, files, prompts, shell commands and their output,
/// patches and plans. Drawn from with a seeded <see cref="Random"/>, so the same seed writes the same text.
/// </summary>
internal sealed class CodexVocabulary(Random random)
{
    /// <summary>What <c>search</c> looks for: a word in many conversations (a prompt, <c>rg</c> commands, a line of code in tool output).</summary>
    public const string SearchWord = "idempotency";

    private static readonly (string Repo, string Ext, string[] Files)[] Repos =
    [
        ("billing-service", "go", ["internal/invoice/render.go", "internal/invoice/render_test.go", "internal/ledger/post.go", "cmd/billing/main.go", "internal/stripe/webhook.go", "internal/stripe/idempotency.go", "internal/db/migrations.go"]),
        ("webapp", "ts", ["src/components/CheckoutForm.tsx", "src/hooks/useSession.ts", "src/api/client.ts", "src/pages/settings/Profile.tsx", "src/lib/date.ts", "src/store/cart.ts", "tests/checkout.spec.ts"]),
        ("tokenizer-rs", "rs", ["src/lexer.rs", "src/parser/block.rs", "src/parser/expr.rs", "src/error.rs", "tests/nested_comments.rs", "benches/lex.rs", "src/lib.rs"]),
        ("ml-pipeline", "py", ["pipeline/features.py", "pipeline/train.py", "pipeline/io/parquet.py", "tests/test_features.py", "pipeline/config.py", "scripts/backfill.py", "pipeline/retry.py"]),
        ("platform-infra", "tf", ["modules/vpc/main.tf", "modules/eks/nodes.tf", "envs/prod/main.tf", "scripts/rotate-keys.sh", ".github/workflows/deploy.yml", "modules/rds/variables.tf", "README.md"]),
        ("Orders.Api", "cs", ["src/Orders.Api/Controllers/OrdersController.cs", "src/Orders.Api/Services/PaymentRetry.cs", "src/Orders.Domain/Order.cs", "tests/Orders.Tests/OrderTests.cs", "src/Orders.Api/Program.cs", "src/Orders.Infrastructure/OrdersDbContext.cs", "src/Orders.Api/appsettings.json"]),
    ];

    private static readonly string[] Subjects =
    [
        "the invoice renderer", "the checkout form", "nested block comments", "the retry policy", "the session hook",
        "the parquet writer", "the webhook handler", "the EKS node group", "the orders controller", "date formatting",
        "the cart store", "database migrations", "the payment client", "feature extraction", "the deploy workflow",
    ];

    private static readonly string[] PromptTemplates =
    [
        "fix the failing test in {file}",
        "why does {subject} break when the input is empty? look at {file} and fix it",
        "refactor {subject} so that {file} no longer duplicates the validation logic; keep the public API the same",
        "add unit tests for {subject} covering the edge cases (empty input, unicode, very long lines)",
        "explain what {file} does",
        "the CI job fails with `{error}` — find the cause and fix it",
        "rename {symbol} to {symbol2} everywhere and update the docs",
        "make {subject} honour the {word} key: a retried request must not create a second record",
        "review the last commit for bugs, especially around {subject}",
        "add structured logging to {file}, with the request id on every line",
        "{subject} is slow on large inputs; profile it and make it at least 2x faster without changing the output",
        "write a migration that adds a `{symbol}` column and backfills it from the existing rows",
        "update the README with how to run {subject} locally",
        "port {file} to use the new client and delete the old one",
        "there is a race in {subject} under load, can you find it? the symptom is duplicate rows about once a day",
        "bump the dependencies and fix whatever breaks",
        "run the tests and summarise what fails",
        "implement the TODOs in {file}",
    ];

    private static readonly string[] Symbols =
    [
        "renderInvoice", "parseBlock", "useSession", "retryWithBackoff", "OrderTotal", "feature_window", "nodeGroupSize",
        "postLedgerEntry", "formatDate", "CheckoutForm", "PaymentRetryPolicy", "write_partition", "requestId", "tenant_id",
    ];

    private static readonly string[] Errors =
    [
        "assertion failed: left == right", "TypeError: Cannot read properties of undefined (reading 'id')",
        "error[E0502]: cannot borrow `self.tokens` as mutable", "panic: runtime error: index out of range [3] with length 3",
        "FAILED tests/test_features.py::test_window_edges - KeyError: 'ts'", "CS8602: Dereference of a possibly null reference",
        "Error: timeout of 5000ms exceeded", "terraform: Error: Invalid count argument",
    ];

    private static readonly string[] CodeLines =
    [
        "    if err != nil {", "        return nil, fmt.Errorf(\"render invoice %s: %w\", id, err)", "    }",
        "export function useSession(): Session | undefined {", "  const [state, setState] = useState<Session>();",
        "fn parse_block(&mut self, depth: usize) -> Result<Node, ParseError> {", "        self.expect(Token::CloseComment)?;",
        "def extract_features(frame: pd.DataFrame, window: int = 7) -> pd.DataFrame:", "    return frame.rolling(window).mean()",
        "resource \"aws_eks_node_group\" \"default\" {", "  instance_types = [\"m6i.large\"]",
        "    public async Task<IActionResult> Create(CreateOrder request, CancellationToken ct)", "        await _payments.ChargeAsync(order, ct);",
        "    // TODO: handle the idempotency key when the client retries", "    let depth = depth.checked_add(1).ok_or(ParseError::TooDeep)?;",
        "  retries: 3,", "import { formatDate } from '../lib/date';", "    logger.info(\"posted entry\", \"request_id\", reqID)",
    ];

    public (string Repo, string Ext, string[] Files) Repo() => Repos[random.Next(Repos.Length)];

    public string Prompt((string Repo, string Ext, string[] Files) repo)
    {
        var template = PromptTemplates[random.Next(PromptTemplates.Length)];
        var text = template
            .Replace("{file}", repo.Files[random.Next(repo.Files.Length)], StringComparison.Ordinal)
            .Replace("{subject}", Subjects[random.Next(Subjects.Length)], StringComparison.Ordinal)
            .Replace("{error}", Errors[random.Next(Errors.Length)], StringComparison.Ordinal)
            .Replace("{symbol}", Symbols[random.Next(Symbols.Length)], StringComparison.Ordinal)
            .Replace("{symbol2}", Symbols[random.Next(Symbols.Length)] + "V2", StringComparison.Ordinal)
            .Replace("{word}", SearchWord, StringComparison.Ordinal);
        // Some prompts carry more context: pasted output, constraints.
        if (random.Next(5) == 0)
        {
            text += "\n\nContext:\n" + string.Join('\n', Enumerable.Range(0, random.Next(2, 9)).Select(_ => CodeLines[random.Next(CodeLines.Length)]));
        }

        return text;
    }

    /// <summary>
    /// An <c>exec_command</c> call: its command line and what it prints (before Codex's header). With
    /// <paramref name="longOutputs"/>, one call in three prints hundreds to thousands of lines (a whole file, a build log).
    /// </summary>
    public (string Command, string Output, int ExitCode) Command((string Repo, string Ext, string[] Files) repo, bool longOutputs = false)
    {
        var file = repo.Files[random.Next(repo.Files.Length)];
        if (longOutputs && random.Next(3) == 0)
        {
            return random.Next(2) == 0
                ? ($"cat {file}", Lines(random.Next(300, 3_000)), 0)
                : ($"{TestCommand(repo.Ext)} -v", string.Concat(Enumerable.Range(0, random.Next(20, 200)).Select(i => TestOutput(out _))), 0);
        }

        switch (random.Next(9))
        {
            case 0:
                return ($"ls -la {Path.GetDirectoryName(file)}", Listing(repo), 0);
            case 1:
            case 2:
                var word = random.Next(12) == 0 ? SearchWord : Symbols[random.Next(Symbols.Length)];
                return ($"rg -n \"{word}\" --glob '*.{repo.Ext}'", Matches(repo), random.Next(10) == 0 ? 1 : 0);
            case 3:
            case 4:
                var from = random.Next(1, 400);
                return ($"sed -n '{from},{from + random.Next(40, 200)}p' {file}", Lines(random.Next(6, 40)), 0);
            case 5:
                return ("git status --short && git diff --stat", Diff(repo), 0);
            case 6:
            case 7:
                return (TestCommand(repo.Ext), TestOutput(out var failed), failed ? 1 : 0);
            default:
                return ($"cat {file}", Lines(random.Next(15, 80)), 0);
        }
    }

    public string Patch((string Repo, string Ext, string[] Files) repo, out string file)
    {
        file = repo.Files[random.Next(repo.Files.Length)];
        var patch = new StringBuilder("*** Begin Patch\n*** Update File: ").Append(file).Append("\n@@\n");
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            patch.Append('-').Append(CodeLines[random.Next(CodeLines.Length)]).Append('\n');
            patch.Append('+').Append(CodeLines[random.Next(CodeLines.Length)]).Append('\n');
        }

        return patch.Append("*** End Patch").ToString();
    }

    public string Plan()
    {
        var steps = Enumerable.Range(0, random.Next(2, 6)).Select(i =>
            $"{{\"step\":\"{Subjects[random.Next(Subjects.Length)]}: step {i + 1}\",\"status\":\"{(i == 0 ? "completed" : i == 1 ? "in_progress" : "pending")}\"}}");
        return "{\"plan\":[" + string.Join(',', steps) + "]}";
    }

    /// <summary>6 hex digits, as in Codex's "Chunk ID: 481da8".</summary>
    public string ChunkId() => random.Next(0x100000, 0xffffff).ToString("x6", CultureInfo.InvariantCulture);

    private static string TestCommand(string ext) => ext switch
    {
        "go" => "go test ./...",
        "ts" => "npm test -- --watch=false",
        "rs" => "cargo test --all",
        "py" => "pytest -q",
        "cs" => "dotnet test",
        _ => "make check",
    };

    private string TestOutput(out bool failed)
    {
        failed = random.Next(4) == 0;
        var passed = random.Next(20, 600);
        var text = new StringBuilder();
        for (var i = random.Next(3, 14); i > 0; i--)
        {
            text.Append("ok   ").Append(Symbols[random.Next(Symbols.Length)]).Append("_test ").Append((random.NextDouble() * 3).ToString("0.000", CultureInfo.InvariantCulture)).Append("s\n");
        }

        if (failed)
        {
            text.Append("FAIL ").Append(Symbols[random.Next(Symbols.Length)]).Append("_test\n    ").Append(Errors[random.Next(Errors.Length)]).Append('\n');
        }

        return text.Append(CultureInfo.InvariantCulture, $"{passed} passed, {(failed ? 1 : 0)} failed\n").ToString();
    }

    private string Listing((string Repo, string Ext, string[] Files) repo)
    {
        var text = new StringBuilder("total 64\n");
        foreach (var file in repo.Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"-rw-r--r-- 1 dev dev {random.Next(200, 40_000),6} Nov {random.Next(1, 23),2} 1{random.Next(0, 9)}:{random.Next(10, 59)} {Path.GetFileName(file)}\n");
        }

        return text.ToString();
    }

    private string Matches((string Repo, string Ext, string[] Files) repo)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 16); i > 0; i--)
        {
            text.Append(repo.Files[random.Next(repo.Files.Length)]).Append(':').Append(random.Next(1, 900)).Append(':').Append(CodeLines[random.Next(CodeLines.Length)]).Append('\n');
        }

        return text.ToString();
    }

    private string Lines(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CodeLines[random.Next(CodeLines.Length)]).Append('\n');
        }

        return text.ToString();
    }

    private string Diff((string Repo, string Ext, string[] Files) repo)
    {
        var text = new StringBuilder();
        var changed = repo.Files.Take(random.Next(1, 4)).ToList();
        foreach (var file in changed)
        {
            text.Append(" M ").Append(file).Append('\n');
        }

        foreach (var file in changed)
        {
            text.Append(CultureInfo.InvariantCulture, $" {file} | {random.Next(2, 80)} ++++++----\n");
        }

        return text.Append(CultureInfo.InvariantCulture, $" {changed.Count} files changed, {random.Next(5, 200)} insertions(+), {random.Next(1, 90)} deletions(-)\n").ToString();
    }
}
