using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CodexOtel.Tests.Otlp.Wire;

/// <summary>
/// Serializes a message the way no protobuf library does but every decoder must accept: fields in reverse number
/// order, each repeated field split in two with other fields between its halves, unknown fields of every wire type
/// in each message, and in an AnyValue a different oneof member before the one that counts (the last one wins).
/// </summary>
internal static class WireScrambler
{
    public static byte[] Scramble(IMessage message)
    {
        var front = new List<byte[]>();
        var middle = new List<byte[]>();
        var back = new List<byte[]>();
        middle.Add(UnknownFields());
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder().Reverse())
        {
            if (field.IsRepeated)
            {
                var items = ((IList)field.Accessor.GetValue(message)).Cast<object>().ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    (i < items.Count / 2 ? front : back).Add(RepeatedItem(message, field, items[i]));
                }
            }
            else if (field.FieldType == FieldType.Message)
            {
                if (field.Accessor.GetValue(message) is IMessage child)
                {
                    middle.Add(LengthDelimited(field.FieldNumber, Scramble(child)));
                }
            }
            else if (field.RealContainingOneof is null || field.Accessor.HasValue(message))
            {
                middle.Add(Only(message, field, field.Accessor.GetValue(message)));
            }
        }

        if (message.Descriptor.Name == "AnyValue" && message.Descriptor.Oneofs[0].Accessor.GetCaseFieldDescriptor(message) is { FieldNumber: not 1 })
        {
            // string_value = "overridden" first: the member that follows replaces it.
            middle.Insert(0, LengthDelimited(1, "overridden"u8.ToArray()));
        }

        return [.. front.Concat(middle).Concat(back).SelectMany(chunk => chunk)];
    }

    private static byte[] RepeatedItem(IMessage message, FieldDescriptor field, object item)
    {
        if (item is IMessage child)
        {
            return LengthDelimited(field.FieldNumber, Scramble(child));
        }

        var single = (IMessage)Activator.CreateInstance(message.GetType())!;
        ((IList)field.Accessor.GetValue(single)).Add(item);
        return single.ToByteArray();
    }

    private static byte[] Only(IMessage message, FieldDescriptor field, object value)
    {
        var single = (IMessage)Activator.CreateInstance(message.GetType())!;
        field.Accessor.SetValue(single, value);
        return single.ToByteArray();
    }

    private static byte[] LengthDelimited(int fieldNumber, byte[] payload)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] UnknownFields()
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(900, WireFormat.WireType.Varint);
        output.WriteUInt64(ulong.MaxValue);
        output.WriteTag(901, WireFormat.WireType.Fixed64);
        output.WriteFixed64(42);
        output.WriteTag(902, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFromUtf8("not a field of this message"));
        output.WriteTag(903, WireFormat.WireType.Fixed32);
        output.WriteFixed32(7);
        output.Flush();
        return buffer.ToArray();
    }
}
