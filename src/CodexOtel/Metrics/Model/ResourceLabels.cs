using CodexOtel.Codex;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Metrics.Model;

/// <summary>
/// The labels a resource gives its series, as the collector's Prometheus exporter does: <c>job</c> is
/// <c>service.namespace/service.name</c> (or just the name) and <c>instance</c> is <c>service.instance.id</c>.
/// </summary>
public static class ResourceLabels
{
    public static IEnumerable<KeyValuePair<string, string>> From(Resource? resource)
    {
        string? name = null, space = null, instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            switch (attribute.Key)
            {
                case "service.name":
                    name = AnyValues.String(attribute.Value);
                    break;
                case "service.namespace":
                    space = AnyValues.String(attribute.Value);
                    break;
                case "service.instance.id":
                    instance = AnyValues.String(attribute.Value);
                    break;
            }
        }

        return Of(name, space, instance);
    }

    /// <summary>The labels of a resource with these service.name, service.namespace and service.instance.id.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Of(string? name, string? space, string? instance)
    {
        if (name is { Length: > 0 })
        {
            yield return KeyValuePair.Create("job", space is { Length: > 0 } ? $"{space}/{name}" : name);
        }

        if (instance is { Length: > 0 })
        {
            yield return KeyValuePair.Create("instance", instance);
        }
    }

    /// <summary>service.name, or null when the resource has none.</summary>
    public static string? ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? AnyValues.String(name.Value) : null;
}
