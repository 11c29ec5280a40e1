using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>What kind of value an attribute holds, as far as spanmetrics cares.</summary>
internal enum ServiceValueKind : byte
{
    /// <summary>No value set: AnyValues.String gives null.</summary>
    None,
    String,
    /// <summary>Any other type, which AnyValues.String would format.</summary>
    Other,
}

/// <summary>
/// The resource attributes spanmetrics reads, as <see cref="ResourceLabels"/> reads them from a decoded resource:
/// service.name's first value for the service, and the last value of each for the labels. Filled by the readers that
/// skip decoding (<see cref="SpanLineReader"/> from a ledger line, <see cref="SpanCapture"/> from a request).
/// </summary>
internal struct ServiceFields
{
    public bool ServiceSeen;
    public string? Service;
    public string? Name;
    public string? Namespace;
    public string? Instance;

    /// <summary>Whether the key is one of the three (only those need their value read).</summary>
    public static bool Wants(string key) => key is "service.name" or "service.namespace" or "service.instance.id";

    /// <summary>Takes one attribute; false when it is a service attribute that is not a string (its formatting is the decoded path's).</summary>
    public bool Capture(string key, ServiceValueKind kind, string? text)
    {
        if (!Wants(key))
        {
            return true;
        }

        if (kind == ServiceValueKind.Other)
        {
            return false;
        }

        if (key == "service.name")
        {
            if (!ServiceSeen)
            {
                ServiceSeen = true;
                Service = text;
            }

            Name = text;
        }
        else if (key == "service.namespace")
        {
            Namespace = text;
        }
        else
        {
            Instance = text;
        }

        return true;
    }

    public readonly SpanResource Resource() => Service is null && Name is null && Instance is null
        ? SpanResource.None
        : new SpanResource(Service, [.. ResourceLabels.Of(Name, Namespace, Instance)]);
}
