using CodexOtel.Otlp;
using CodexOtel.Setup;
using CodexOtel.Toml;

namespace CodexOtel.Tests.Setup;

/// <summary>
/// <c>setup codex</c>'s edit of config.toml, on the forms Codex users have: each fixture with the exact file that
/// results, comments and unrelated keys kept byte for byte.
/// </summary>
public sealed class CodexConfigEditTests
{
    private const string Http = "http://127.0.0.1:4318";

    private static readonly SetupRequest Plain = new(Http, "binary", null, false);

    private const string Exporters = """
        exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "binary" } }
        trace_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/traces", protocol = "binary" } }
        metrics_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = "binary" } }

        """;

    public static TheoryData<string> Fixtures => new()
    {
        "",
        Commented,
        TableForm,
        InlineForm,
        OtherSections,
        "[otel]\nexporter = \"none\"\n",
        "model = \"o3\"",
        "[otel]\r\nenvironment = \"dev\"\r\n",
    };

    private const string Commented = """
        # Codex configuration — see https://github.com/openai/codex/blob/main/docs/config.md
        model = "gpt-5.5"            # the default model
        approval_policy = "on-request"

        # A local provider for experiments.
        [model_providers.local]
        name = "Local"   # shown in the status line
        base_url = "http://localhost:11434/v1"
        # wire_api = "chat"

        # Telemetry goes below once set up.

        """;

    private const string TableForm = """
        model = "gpt-5.5"

        [otel]
        environment = "laptop"  # resource attribute env

        # send logs to the old collector
        [otel.exporter."otlp-http"]
        endpoint = "http://localhost:4318/v1/logs"   # collector
        protocol = "json"
        [otel.exporter."otlp-http".headers]
        "x-team" = "platform"

        [tui]
        notifications = true

        """;

    private const string InlineForm = """
        [otel]
        log_user_prompt = false # keep prompts out
        exporter = { otlp-http = { endpoint = "http://127.0.0.1:14318/v1/logs", protocol = "json" } } # moved port
        trace_exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }

        # MCP servers
        [mcp_servers.docs]
        command = "docs-server"

        """;

    private const string OtherSections = """
        model = "gpt-5.5"
        [profiles.fast]
        model = "gpt-5.5-mini"

        [otel]
        environment = "ci"

        # shell settings
        [shell_environment_policy]
        inherit = "core"
        [[skills.config]]
        path = "/opt/skills"

        """;

    [Fact]
    public void An_empty_file_gets_an_otel_section_with_all_three_exporters()
    {
        Assert.Equal("[otel]\n" + Exporters, CodexConfigEdit.Apply("", "config.toml", Plain));
    }

    [Fact]
    public void A_commented_file_keeps_every_comment_and_key_and_gets_the_section_at_the_end()
    {
        var result = CodexConfigEdit.Apply(Commented, "config.toml", Plain);

        Assert.Equal(
            """
            # Codex configuration — see https://github.com/openai/codex/blob/main/docs/config.md
            model = "gpt-5.5"            # the default model
            approval_policy = "on-request"

            # A local provider for experiments.
            [model_providers.local]
            name = "Local"   # shown in the status line
            base_url = "http://localhost:11434/v1"
            # wire_api = "chat"

            [otel]

            """ + Exporters + """

            # Telemetry goes below once set up.

            """,
            result);
    }

    [Fact]
    public void The_table_form_is_updated_in_place_and_missing_exporters_are_added_as_tables_too()
    {
        var result = CodexConfigEdit.Apply(TableForm, "config.toml", Plain);

        Assert.Equal(
            """
            model = "gpt-5.5"

            [otel]
            environment = "laptop"  # resource attribute env

            # send logs to the old collector
            [otel.exporter."otlp-http"]
            endpoint = "http://127.0.0.1:4318/v1/logs"   # collector
            protocol = "binary"
            [otel.exporter."otlp-http".headers]
            "x-team" = "platform"

            [otel.trace_exporter."otlp-http"]
            endpoint = "http://127.0.0.1:4318/v1/traces"
            protocol = "binary"

            [otel.metrics_exporter."otlp-http"]
            endpoint = "http://127.0.0.1:4318/v1/metrics"
            protocol = "binary"

            [tui]
            notifications = true

            """,
            result);
    }

    [Fact]
    public void The_inline_form_is_updated_in_place_an_otlp_grpc_exporter_becomes_otlp_http_and_metrics_are_added()
    {
        var result = CodexConfigEdit.Apply(InlineForm, "config.toml", Plain);

        Assert.Equal(
            """
            [otel]
            log_user_prompt = false # keep prompts out
            exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "binary" } } # moved port
            trace_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/traces", protocol = "binary" } }
            metrics_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = "binary" } }

            # MCP servers
            [mcp_servers.docs]
            command = "docs-server"

            """,
            result);
    }

    [Fact]
    public void Other_sections_around_otel_stay_where_they_are()
    {
        var result = CodexConfigEdit.Apply(OtherSections, "config.toml", Plain);

        Assert.Equal(
            """
            model = "gpt-5.5"
            [profiles.fast]
            model = "gpt-5.5-mini"

            [otel]
            environment = "ci"
            """ + "\n" + Exporters + """

            # shell settings
            [shell_environment_policy]
            inherit = "core"
            [[skills.config]]
            path = "/opt/skills"

            """,
            result);
    }

    [Fact]
    public void With_an_api_key_and_log_prompts_every_exporter_sends_the_key_and_prompts_are_logged()
    {
        var request = new SetupRequest(Http, "json", "s3cret", LogPrompts: true);

        var result = CodexConfigEdit.Apply(InlineForm, "config.toml", request);

        Assert.Equal(
            """
            [otel]
            log_user_prompt = true # keep prompts out
            exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "json", headers = { "authorization" = "Bearer s3cret" } } } # moved port
            trace_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/traces", protocol = "json", headers = { "authorization" = "Bearer s3cret" } } }
            metrics_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = "json", headers = { "authorization" = "Bearer s3cret" } } }

            # MCP servers
            [mcp_servers.docs]
            command = "docs-server"

            """,
            result);
    }

    [Fact]
    public void An_existing_authorization_header_is_updated_whatever_its_case_and_other_headers_stay()
    {
        const string before = """
            [otel.exporter.otlp-http]
            endpoint = "http://127.0.0.1:4318/v1/logs"
            protocol = "binary"
            headers = { "Authorization" = "Bearer old", "x-team" = "a" }

            """;

        var result = CodexConfigEdit.Apply(before, "config.toml", new SetupRequest(Http, "binary", "new", false));

        Assert.StartsWith(
            """
            [otel.exporter.otlp-http]
            endpoint = "http://127.0.0.1:4318/v1/logs"
            protocol = "binary"
            headers = { "Authorization" = "Bearer new", "x-team" = "a" }

            [otel.trace_exporter."otlp-http"]
            """,
            result);
    }

    [Fact]
    public void An_otlp_grpc_exporter_in_table_form_is_renamed_with_its_sub_tables_and_keeps_its_settings()
    {
        const string before = """
            [otel.trace_exporter.otlp-grpc]
            endpoint = "http://127.0.0.1:4317" # gRPC
            [otel.trace_exporter.otlp-grpc.tls]
            ca-certificate = "/etc/ca.pem"

            """;

        var result = CodexConfigEdit.Apply(before, "config.toml", Plain);

        Assert.StartsWith(
            """
            [otel.trace_exporter.otlp-http]
            endpoint = "http://127.0.0.1:4318/v1/traces" # gRPC
            protocol = "binary"
            [otel.trace_exporter.otlp-http.tls]
            ca-certificate = "/etc/ca.pem"

            [otel.exporter."otlp-http"]
            """,
            result);
    }

    [Fact]
    public void A_turned_off_exporter_and_dotted_keys_are_replaced_where_they_are()
    {
        Assert.Equal(
            """
            [otel]
            exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "binary" } }  # off for now
            trace_exporter.otlp-http.endpoint = "http://127.0.0.1:4318/v1/traces"
            trace_exporter.otlp-http.protocol = "binary"
            metrics_exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = "binary" } }

            """,
            CodexConfigEdit.Apply(
                """
                [otel]
                exporter = "none"  # off for now
                trace_exporter.otlp-http.endpoint = "http://old/v1/traces"

                """,
                "config.toml",
                Plain));
    }

    [Fact]
    public void A_file_without_a_final_line_break_or_with_crlf_line_ends_keeps_its_style()
    {
        Assert.Equal("model = \"o3\"\n\n[otel]\n" + Exporters, CodexConfigEdit.Apply("model = \"o3\"", "config.toml", Plain));
        Assert.Equal(
            "[otel]\r\nenvironment = \"dev\"\r\n" + Exporters.Replace("\n", "\r\n", StringComparison.Ordinal),
            CodexConfigEdit.Apply("[otel]\r\nenvironment = \"dev\"\r\n", "config.toml", Plain));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_second_run_changes_nothing(string fixture)
    {
        foreach (var request in new[] { Plain, new SetupRequest(Http, "json", "k3y", true) })
        {
            var once = CodexConfigEdit.Apply(fixture, "config.toml", request);
            var twice = CodexConfigEdit.Apply(once, "config.toml", request);

            Assert.Equal(once, twice);
            var settings = CodexOtelSettings.Read(once);
            Assert.Empty(CodexConfigEdit.Differences(settings, request));
            Assert.All(SignalNames.All, s => Assert.Equal($"{Http}/v1/{s.FileStem()}", settings[s].Endpoint));
        }
    }

    [Fact]
    public void An_unparsable_file_is_reported_with_its_line_and_column()
    {
        var error = Assert.Throws<TomlSyntaxException>(() =>
            CodexConfigEdit.Apply("model = \"gpt-5.5\"\n[otel\nexporter = 1\n", "config.toml", Plain));

        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Contains("expecting `]`", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_defined_twice_is_an_error_too_not_something_to_edit_around()
    {
        var error = Assert.Throws<TomlSyntaxException>(() =>
            CodexConfigEdit.Apply("[otel]\nenvironment = \"a\"\nenvironment = \"b\"\n", "config.toml", Plain));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void An_exporter_with_two_kinds_is_refused_rather_than_guessed_at()
    {
        var error = Assert.Throws<ConfigEditException>(() => CodexConfigEdit.Apply(
            "[otel]\nexporter = { otlp-http = { endpoint = \"x\", protocol = \"binary\" }, statsig = {} }\n",
            "config.toml",
            Plain));

        Assert.Contains("otel.exporter", error.Message, StringComparison.Ordinal);
    }
}
