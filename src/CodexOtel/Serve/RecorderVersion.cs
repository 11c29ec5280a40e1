using System.Reflection;

namespace CodexOtel.Serve;

public static class RecorderVersion
{
    public static string Current { get; } =
        typeof(RecorderVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
