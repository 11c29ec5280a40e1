namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The schema as forward migrations: migration N brings a database at version N-1 to N. Never edit a released
/// migration; add one. Times are UTC ticks (100 ns since 0001-01-01), event kinds their enum names, key_hash
/// is <see cref="KeyHash"/> of the key (probed on collision).
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: events with full-text search, conversation summaries, checkpoints.
        """
        CREATE TABLE resources (
            id INTEGER PRIMARY KEY,
            json TEXT NOT NULL UNIQUE
        );

        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            key_hash INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            time INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            model TEXT,
            call_id TEXT,
            tool TEXT,
            decision TEXT,
            decision_source TEXT,
            success INTEGER,
            duration_ms REAL,
            status INTEGER,
            input_tokens INTEGER,
            cached_tokens INTEGER,
            output_tokens INTEGER,
            reasoning_tokens INTEGER,
            estimated_usd TEXT,
            text TEXT,
            detail TEXT,
            truncated INTEGER,
            source TEXT NOT NULL,
            trace_id TEXT,
            span_id TEXT,
            turn_id TEXT,
            resource_id INTEGER NOT NULL,
            attributes TEXT NOT NULL
        );

        -- Finds a conversation's events and keeps its keys unique (one index for both: inserts are what indexing pays for).
        CREATE UNIQUE INDEX events_by_conversation ON events (conversation_id, key_hash);

        CREATE VIRTUAL TABLE events_fts USING fts5 (text, detail, content = 'events', content_rowid = 'seq');

        CREATE TRIGGER events_fts_insert AFTER INSERT ON events
            WHEN new.text IS NOT NULL OR new.detail IS NOT NULL
        BEGIN
            INSERT INTO events_fts (rowid, text, detail) VALUES (new.seq, new.text, new.detail);
        END;

        CREATE TRIGGER events_fts_delete AFTER DELETE ON events
            WHEN old.text IS NOT NULL OR old.detail IS NOT NULL
        BEGIN
            INSERT INTO events_fts (events_fts, rowid, text, detail) VALUES ('delete', old.seq, old.text, old.detail);
        END;

        CREATE TRIGGER events_fts_update AFTER UPDATE OF text, detail ON events
        BEGIN
            INSERT INTO events_fts (events_fts, rowid, text, detail)
                SELECT 'delete', old.seq, old.text, old.detail WHERE old.text IS NOT NULL OR old.detail IS NOT NULL;
            INSERT INTO events_fts (rowid, text, detail)
                SELECT new.seq, new.text, new.detail WHERE new.text IS NOT NULL OR new.detail IS NOT NULL;
        END;

        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            started INTEGER NOT NULL,
            ended INTEGER NOT NULL,
            model TEXT,
            provider TEXT,
            originator TEXT,
            app_version TEXT,
            terminal TEXT,
            approval_policy TEXT,
            sandbox_policy TEXT,
            reasoning_effort TEXT,
            turns INTEGER NOT NULL,
            tool_calls INTEGER NOT NULL,
            denials INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            tokens_by_model TEXT NOT NULL,
            first_prompt TEXT,
            source TEXT NOT NULL
        );

        CREATE INDEX conversations_by_started ON conversations (started DESC);

        -- Usage per conversation, 15-minute UTC bucket and model, written with the summary (see UsageBuckets).
        CREATE TABLE usage (
            conversation_id TEXT NOT NULL,
            bucket INTEGER NOT NULL,
            model TEXT NOT NULL,
            turns INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            PRIMARY KEY (conversation_id, bucket, model)
        ) WITHOUT ROWID;

        CREATE INDEX usage_by_bucket ON usage (bucket);

        CREATE TABLE turns (
            conversation_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            started INTEGER NOT NULL,
            PRIMARY KEY (conversation_id, number)
        ) WITHOUT ROWID;

        CREATE TABLE stale_conversations (id TEXT PRIMARY KEY) WITHOUT ROWID;

        CREATE TABLE source_stats (
            source TEXT PRIMARY KEY,
            events INTEGER NOT NULL,
            last_time INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE checkpoints (
            stream TEXT PRIMARY KEY,
            segment_id TEXT NOT NULL,
            offset INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,

        // 2: conversations stored in list order, so that newest first is a backward scan without lookups or a sort.
        """
        CREATE TABLE conversations_in_order (
            id TEXT NOT NULL,
            started INTEGER NOT NULL,
            ended INTEGER NOT NULL,
            model TEXT,
            provider TEXT,
            originator TEXT,
            app_version TEXT,
            terminal TEXT,
            approval_policy TEXT,
            sandbox_policy TEXT,
            reasoning_effort TEXT,
            turns INTEGER NOT NULL,
            tool_calls INTEGER NOT NULL,
            denials INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            tokens_by_model TEXT NOT NULL,
            first_prompt TEXT,
            source TEXT NOT NULL,
            PRIMARY KEY (started, id)
        ) WITHOUT ROWID;

        INSERT INTO conversations_in_order SELECT * FROM conversations;
        DROP TABLE conversations;
        ALTER TABLE conversations_in_order RENAME TO conversations;
        CREATE UNIQUE INDEX conversations_by_id ON conversations (id);
        """,

        // 3: the writer adds a batch's new events to the full-text index with one statement (SqliteEventWriter). The
        // trigger did it row by row, and each row's statement savepoint made FTS5 flush a segment of its own and merge
        // them: most of what indexing cost.
        """
        DROP TRIGGER events_fts_insert;
        """,

        // 4: attributes as a shape shared by events of one kind in one session, and each event's own values (see
        // AttributeJson): most of a row was key names and texts Codex repeats on every event. Rows indexed before keep
        // their whole map, with shape 0.
        """
        CREATE TABLE attribute_shapes (
            id INTEGER PRIMARY KEY,
            json TEXT NOT NULL UNIQUE
        );

        ALTER TABLE events ADD COLUMN shape_id INTEGER NOT NULL DEFAULT 0;
        """,

        // 5: FTS5 holds up to 16 MiB of a transaction's new terms in memory, not 1 MiB: each time they pass the limit
        // it writes a segment, and merging those segments was a third of what full-text indexing an import cost. And it
        // merges 16 segments of a level at a time, not 4, so each term is rewritten about half as often (an import
        // took 7 % less CPU; a search of the 5,000-conversation benchmark stays at 10 ms).
        """
        INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 16777216);
        INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);
        """,

        // 6: what the dashboard sorts, sums and pages, each answered from an index (see SqliteDashboard).
        // - cost_nano_usd: the conversation's cost under the prices in `prices` (nano-USD, -1 when a model has no
        //   price), kept by SaveSummaries and recomputed by UsePrices when the user's prices change, so that sorting by
        //   cost is an index walk and not pricing every conversation per request.
        // - one (sort value, id) index per sortable column: any sort pages by keyset, however deep.
        // - tool calls, denials and errors in the usage buckets, and an index that covers every bucket column: totals
        //   and series over a range are one range scan, no row lookups.
        // - tool events by time and by tool (partial: only events that name a tool).
        // Every summary is marked stale, so the indexer rebuilds the new columns from the events (as a reindex would,
        // without re-reading the ledger).
        """
        ALTER TABLE conversations ADD COLUMN cost_nano_usd INTEGER NOT NULL DEFAULT -1;
        CREATE INDEX conversations_by_cost ON conversations (cost_nano_usd, id);
        CREATE INDEX conversations_by_tokens ON conversations (input_tokens + output_tokens, id);
        CREATE INDEX conversations_by_turns ON conversations (turns, id);
        CREATE INDEX conversations_by_tool_calls ON conversations (tool_calls, id);
        CREATE INDEX conversations_by_errors ON conversations (errors, id);
        CREATE INDEX conversations_by_duration ON conversations (ended - started, id);

        CREATE TABLE prices (
            model TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            cached_input TEXT NOT NULL,
            output TEXT NOT NULL
        ) WITHOUT ROWID;

        ALTER TABLE usage ADD COLUMN tool_calls INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE usage ADD COLUMN denials INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE usage ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
        DROP INDEX usage_by_bucket;
        CREATE INDEX usage_by_bucket ON usage (
            bucket, model, turns, responses, input_tokens, cached_tokens, output_tokens, reasoning_tokens, tool_calls, denials, errors);

        CREATE INDEX events_tools_by_time ON events (time, tool, kind, success, duration_ms, decision, call_id) WHERE tool IS NOT NULL;
        CREATE INDEX events_tool_results_by_tool ON events (tool, time) WHERE kind = 'ToolResult';

        INSERT OR IGNORE INTO stale_conversations SELECT id FROM conversations;
        """,

        // 7: who sent each conversation's records to serve (ConversationSender: the key's name, '' for none, and the
        // address, '' when unknown), kept with the summary, so that a list filtered by key is an index lookup. Nothing
        // is marked stale: no record indexed before this version carries a sender.
        """
        CREATE TABLE conversation_senders (
            conversation_id TEXT NOT NULL,
            key TEXT NOT NULL,
            address TEXT NOT NULL,
            PRIMARY KEY (conversation_id, key, address)
        ) WITHOUT ROWID;

        CREATE INDEX conversation_senders_by_key ON conversation_senders (key, conversation_id);
        """,

        // 8: rollups of the usage buckets, kept with them in one transaction (SqliteUsageRollup), so that a range's
        // totals and series read a few hundred rows however long it is (SqliteUsageBuckets):
        // - usage_rollup: the buckets summed over conversations per UTC hour (span 4) and day (span 96) and model, and
        //   `conversations`, the conversations whose first bucket is in the span, counted under that bucket's first model.
        // - usage_steps: each conversation's buckets with the one before, so that counting the conversations active in
        //   a range adds to those that start in it only those open at its start (a day back, or resumed from longer ago).
        // Built here from the buckets, which migration 6 made complete.
        """
        CREATE TABLE usage_rollup (
            span INTEGER NOT NULL,
            start INTEGER NOT NULL,
            model TEXT NOT NULL,
            conversations INTEGER NOT NULL,
            turns INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            tool_calls INTEGER NOT NULL,
            denials INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            PRIMARY KEY (span, start, model)
        ) WITHOUT ROWID;

        CREATE TABLE usage_steps (
            conversation_id TEXT NOT NULL,
            bucket INTEGER NOT NULL,
            previous INTEGER,
            PRIMARY KEY (conversation_id, bucket)
        ) WITHOUT ROWID;

        CREATE INDEX usage_steps_by_bucket ON usage_steps (bucket, previous);
        CREATE INDEX usage_steps_resumed ON usage_steps (bucket, previous) WHERE bucket - previous > 96;

        INSERT INTO usage_steps (conversation_id, bucket, previous)
            SELECT conversation_id, bucket, lag(bucket) OVER (PARTITION BY conversation_id ORDER BY bucket)
            FROM (SELECT DISTINCT conversation_id, bucket FROM usage);

        INSERT INTO usage_rollup
            SELECT spans.span, u.bucket / spans.span * spans.span, u.model, count(opening.bucket), sum(u.turns), sum(u.responses),
                sum(u.input_tokens), sum(u.cached_tokens), sum(u.output_tokens), sum(u.reasoning_tokens), sum(u.tool_calls),
                sum(u.denials), sum(u.errors)
            FROM usage u
            CROSS JOIN (SELECT 4 AS span UNION ALL SELECT 96) spans
            LEFT JOIN (
                SELECT s.conversation_id, s.bucket,
                    (SELECT min(model) FROM usage WHERE conversation_id = s.conversation_id AND bucket = s.bucket) AS model
                FROM usage_steps s WHERE s.previous IS NULL
            ) opening ON opening.conversation_id = u.conversation_id AND opening.bucket = u.bucket AND opening.model = u.model
            GROUP BY 1, 2, 3;
        """,

        // 9: tool calls per tool and UTC hour and day, with failures, denials and a histogram of durations, kept with the
        // events (SqliteToolRollup), so that tool statistics over a long range read a few hundred rows instead of every
        // tool event (all time at 100,000 conversations: 320,000 events sorted for their percentiles). Built here from
        // the events.
        SqliteToolRollup.Migration,
    ];

    public static int Latest => Migrations.Count;

    /// <summary>Everything the migrations create, for a reset (the FTS table before its content table).</summary>
    public static readonly IReadOnlyList<string> Tables =
        [
            "events_fts", "events", "resources", "attribute_shapes", "conversations", "usage", "usage_rollup", "usage_steps", "turns",
            "stale_conversations", "source_stats", "checkpoints", "prices", "conversation_senders", "tool_rollup",
        ];
}
