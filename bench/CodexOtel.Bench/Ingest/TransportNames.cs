namespace CodexOtel.Bench.Ingest;

/// <summary>How transports are named on the command line and in the report.</summary>
internal static class TransportNames
{
    public static string Name(this Transport transport) => transport == Transport.Grpc ? "grpc" : "http";

    public static string Display(this Transport transport) => transport == Transport.Grpc ? "OTLP/gRPC" : "OTLP/HTTP protobuf";
}
