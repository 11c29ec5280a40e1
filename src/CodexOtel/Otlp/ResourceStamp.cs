using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Otlp;

/// <summary>
/// String attributes the recorder sets on every resource of a request it records (who sent it): written after the
/// resource's own attributes, in place of anything the client sent under the same keys, so that a client cannot set
/// them itself. A key without a value is only taken away. Both ledger paths write the same: the protobuf transcoder as
/// it writes each resource, and <see cref="Apply"/> on a decoded request before it is encoded.
/// </summary>
public sealed class ResourceStamp
{
    private readonly (string Key, string? Value)[] _attributes;
    private readonly byte[][] _utf8Keys;

    /// <param name="attributes">each key the stamp owns, and its value (null: the key is only taken away)</param>
    public ResourceStamp(IEnumerable<(string Key, string? Value)> attributes)
    {
        _attributes = [.. attributes];
        _utf8Keys = [.. _attributes.Select(a => Encoding.UTF8.GetBytes(a.Key))];
        Utf8Values = [.. _attributes.Where(a => a.Value is not null).Select(a => (Encoding.UTF8.GetBytes(a.Key), Encoding.UTF8.GetBytes(a.Value!)))];
    }

    /// <summary>The attributes written, as UTF-8, in order.</summary>
    internal IReadOnlyList<(byte[] Key, byte[] Value)> Utf8Values { get; }

    /// <summary>Whether an attribute of this key (UTF-8) is the stamp's to set.</summary>
    internal bool Owns(ReadOnlySpan<byte> key)
    {
        foreach (var owned in _utf8Keys)
        {
            if (key.SequenceEqual(owned))
            {
                return true;
            }
        }

        return false;
    }

    private bool Owns(string key)
    {
        foreach (var attribute in _attributes)
        {
            if (attribute.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Stamps every resource of a decoded export request in place (a request without a resource gets one).</summary>
    public void Apply(IMessage request)
    {
        switch (request)
        {
            case ExportLogsServiceRequest logs:
                foreach (var resourceLogs in logs.ResourceLogs)
                {
                    resourceLogs.Resource = Stamped(resourceLogs.Resource);
                }

                break;
            case ExportTraceServiceRequest traces:
                foreach (var resourceSpans in traces.ResourceSpans)
                {
                    resourceSpans.Resource = Stamped(resourceSpans.Resource);
                }

                break;
            case ExportMetricsServiceRequest metrics:
                foreach (var resourceMetrics in metrics.ResourceMetrics)
                {
                    resourceMetrics.Resource = Stamped(resourceMetrics.Resource);
                }

                break;
            default:
                throw new ArgumentException($"not an export request: {request.Descriptor.FullName}", nameof(request));
        }
    }

    private Resource Stamped(Resource? resource)
    {
        resource ??= new Resource();
        RemoveOwned(resource.Attributes);
        foreach (var (key, value) in _attributes)
        {
            if (value is not null)
            {
                resource.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
            }
        }

        return resource;
    }

    private void RemoveOwned(RepeatedField<KeyValue> attributes)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (Owns(attributes[i].Key))
            {
                attributes.RemoveAt(i);
            }
        }
    }
}
