using CodexOtel.Codex;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.Codex;

/// <summary>
/// Keys are stored (the index's dedupe, the import manifest's rollout events): the same record must keep its key
/// from one version of codex-otel to the next. These are the keys released versions compute; changing how keys are made
/// needs a migration of what stores them.
/// </summary>
public sealed class EventKeyTests
{
    [Fact]
    public void A_records_key_is_the_one_released_versions_store()
    {
        var attributes = new RepeatedField<KeyValue>
        {
            new KeyValue { Key = "prompt", Value = new AnyValue { StringValue = "fix the tests ✓" } },
            new KeyValue { Key = "event.name", Value = new AnyValue { StringValue = "codex.user_prompt" } },
            new KeyValue { Key = "attempt", Value = new AnyValue { IntValue = 2 } },
            new KeyValue { Key = "ratio", Value = new AnyValue { DoubleValue = 0.5 } },
            new KeyValue { Key = "success", Value = new AnyValue { BoolValue = true } },
            new KeyValue { Key = "none", Value = new AnyValue() },
        };

        var key = EventKey.ForRecord(
            "conv-a", "codex.user_prompt", 1_764_000_000_123_456_789, ByteString.CopyFrom(new byte[16]), ByteString.Empty, attributes);

        Assert.Equal("7138036a7fc9383d3cc55ff108bd853e", key);
    }

    [Fact]
    public void A_rollout_events_key_is_the_one_released_versions_store()
    {
        Assert.Equal("c41a484006340f65054c4045344f2008", EventKey.ForRollout("conv-a", "codex.user_prompt", "{\"type\":\"user_message\"}"));
        Assert.Equal("326d6907f19f5aa8d50db63702958af8", EventKey.ForRollout("conv-a", "codex.tool_result", "{\"call\":1}", "{\"output\":2}"));
    }
}
