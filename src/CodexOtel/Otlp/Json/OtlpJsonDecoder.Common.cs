using System.Runtime.CompilerServices;
using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Otlp.Json;

// Each message reader starts on the message's StartObject and ends on its EndObject.
internal static partial class OtlpJsonDecoder
{
    private static Resource ReadResource(ref Utf8JsonReader reader)
    {
        var resource = new Resource();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, resource.Attributes, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                resource.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else if (Is(name, "entityRefs"u8, "entity_refs"u8))
            {
                ReadMessages(ref reader, resource.EntityRefs, ReadEntityRef);
            }
            else
            {
                reader.Skip();
            }
        }

        return resource;
    }

    private static EntityRef ReadEntityRef(ref Utf8JsonReader reader)
    {
        var entityRef = new EntityRef();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "type"u8))
            {
                entityRef.Type = ReadString(ref reader);
            }
            else if (Is(name, "idKeys"u8, "id_keys"u8))
            {
                ReadStrings(ref reader, entityRef.IdKeys);
            }
            else if (Is(name, "descriptionKeys"u8, "description_keys"u8))
            {
                ReadStrings(ref reader, entityRef.DescriptionKeys);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                entityRef.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return entityRef;
    }

    private static InstrumentationScope ReadScope(ref Utf8JsonReader reader)
    {
        var scope = new InstrumentationScope();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "name"u8))
            {
                scope.Name = ReadString(ref reader);
            }
            else if (Is(name, "version"u8))
            {
                scope.Version = ReadString(ref reader);
            }
            else if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, scope.Attributes, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                scope.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return scope;
    }

    /// <summary>Reads an array of key-values; <paramref name="depth"/> is the AnyValue nesting they sit at.</summary>
    private static void ReadKeyValues(ref Utf8JsonReader reader, RepeatedField<KeyValue> target, int depth)
    {
        ExpectArray(ref reader);
        while (NextElement(ref reader))
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            ExpectObject(ref reader);
            var keyValue = new KeyValue();
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "key"u8))
                {
                    keyValue.Key = ReadString(ref reader);
                }
                else if (Is(name, "value"u8))
                {
                    ExpectObject(ref reader);
                    keyValue.Value = ReadAnyValue(ref reader, depth + 1);
                }
                else
                {
                    reader.Skip();
                }
            }

            target.Add(keyValue);
        }
    }

    private static AnyValue ReadAnyValue(ref Utf8JsonReader reader, int depth)
    {
        if (depth > MaxAnyValueDepth)
        {
            throw Failure(ref reader, $"values are nested more than {MaxAnyValueDepth} levels deep");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var value = new AnyValue();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "stringValue"u8, "string_value"u8))
            {
                value.StringValue = ReadString(ref reader);
            }
            else if (Is(name, "intValue"u8, "int_value"u8))
            {
                value.IntValue = ReadInt64(ref reader);
            }
            else if (Is(name, "boolValue"u8, "bool_value"u8))
            {
                value.BoolValue = ReadBool(ref reader);
            }
            else if (Is(name, "doubleValue"u8, "double_value"u8))
            {
                value.DoubleValue = ReadDouble(ref reader);
            }
            else if (Is(name, "arrayValue"u8, "array_value"u8))
            {
                ExpectObject(ref reader);
                value.ArrayValue = ReadArrayValue(ref reader, depth);
            }
            else if (Is(name, "kvlistValue"u8, "kvlist_value"u8))
            {
                ExpectObject(ref reader);
                var list = new KeyValueList();
                while (NextProperty(ref reader, out var listName))
                {
                    if (Is(listName, "values"u8))
                    {
                        ReadKeyValues(ref reader, list.Values, depth);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                value.KvlistValue = list;
            }
            else if (Is(name, "bytesValue"u8, "bytes_value"u8))
            {
                value.BytesValue = ReadBytes(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    private static ArrayValue ReadArrayValue(ref Utf8JsonReader reader, int depth)
    {
        var array = new ArrayValue();
        while (NextProperty(ref reader, out var name))
        {
            if (!Is(name, "values"u8))
            {
                reader.Skip();
                continue;
            }

            ExpectArray(ref reader);
            while (NextElement(ref reader))
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    // An absent element still holds its place in the array.
                    array.Values.Add(new AnyValue());
                    continue;
                }

                ExpectObject(ref reader);
                array.Values.Add(ReadAnyValue(ref reader, depth + 1));
            }
        }

        return array;
    }
}
