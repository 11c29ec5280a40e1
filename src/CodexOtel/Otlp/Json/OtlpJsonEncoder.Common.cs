using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

using static CodexOtel.Otlp.Json.JsonFields;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonEncoder
{
    // Unset message fields are written as {} because pdata holds them by value and always marshals them.
    private static void WriteResource(Utf8JsonWriter writer, Resource? resource)
    {
        writer.WritePropertyName(JsonNames.Resource);
        writer.WriteStartObject();
        if (resource is not null)
        {
            WriteKeyValues(writer, JsonNames.Attributes, resource.Attributes);
            WriteUInt32(writer, JsonNames.DroppedAttributesCount, resource.DroppedAttributesCount);
            if (resource.EntityRefs.Count > 0)
            {
                writer.WritePropertyName(JsonNames.EntityRefs);
                writer.WriteStartArray();
                for (var entityRefIndex = 0; entityRefIndex < resource.EntityRefs.Count; entityRefIndex++)
                {
                    var entityRef = resource.EntityRefs[entityRefIndex];
                    WriteEntityRef(writer, entityRef);
                }

                writer.WriteEndArray();
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteEntityRef(Utf8JsonWriter writer, EntityRef entityRef)
    {
        writer.WriteStartObject();
        WriteString(writer, JsonNames.SchemaUrl, entityRef.SchemaUrl);
        WriteString(writer, JsonNames.Type, entityRef.Type);
        WriteStrings(writer, JsonNames.IdKeys, entityRef.IdKeys);
        WriteStrings(writer, JsonNames.DescriptionKeys, entityRef.DescriptionKeys);
        writer.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter writer, InstrumentationScope? scope)
    {
        writer.WritePropertyName(JsonNames.Scope);
        writer.WriteStartObject();
        if (scope is not null)
        {
            WriteString(writer, JsonNames.Name, scope.Name);
            WriteString(writer, JsonNames.Version, scope.Version);
            WriteKeyValues(writer, JsonNames.Attributes, scope.Attributes);
            WriteUInt32(writer, JsonNames.DroppedAttributesCount, scope.DroppedAttributesCount);
        }

        writer.WriteEndObject();
    }

    private static void WriteKeyValues(Utf8JsonWriter writer, JsonEncodedText name, RepeatedField<KeyValue> keyValues)
    {
        if (keyValues.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        WriteKeyValueArray(writer, keyValues);
    }

    private static void WriteKeyValueArray(Utf8JsonWriter writer, RepeatedField<KeyValue> keyValues)
    {
        writer.WriteStartArray();
        for (var keyValueIndex = 0; keyValueIndex < keyValues.Count; keyValueIndex++)
        {
            var keyValue = keyValues[keyValueIndex];
            writer.WriteStartObject();
            WriteString(writer, JsonNames.Key, keyValue.Key);
            writer.WritePropertyName(JsonNames.Value);
            WriteAnyValue(writer, keyValue.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, AnyValue? value)
    {
        writer.WriteStartObject();
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WritePropertyName(JsonNames.StringValue);
                JsonStringWriter.Write(writer, value!.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBoolean(JsonNames.BoolValue, value!.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WritePropertyName(JsonNames.IntValue);
                WriteQuoted(writer, value!.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                writer.WritePropertyName(JsonNames.DoubleValue);
                GoFloat.Write(writer, value!.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WritePropertyName(JsonNames.ArrayValue);
                writer.WriteStartObject();
                if (value!.ArrayValue.Values.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.Values);
                    writer.WriteStartArray();
                    for (var itemIndex = 0; itemIndex < value.ArrayValue.Values.Count; itemIndex++)
                    {
                        var item = value.ArrayValue.Values[itemIndex];
                        WriteAnyValue(writer, item);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WritePropertyName(JsonNames.KvlistValue);
                writer.WriteStartObject();
                WriteKeyValues(writer, JsonNames.Values, value!.KvlistValue.Values);
                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WritePropertyName(JsonNames.BytesValue);
                WriteBase64(writer, value!.BytesValue.Span);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        if (value.Length != 0)
        {
            writer.WritePropertyName(name);
            JsonStringWriter.Write(writer, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, RepeatedField<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (var valueIndex = 0; valueIndex < values.Count; valueIndex++)
        {
            var value = values[valueIndex];
            JsonStringWriter.Write(writer, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, ByteString id) => JsonFields.WriteId(writer, name, id.Span);
}
