using Microsoft.Extensions.Logging.Console;

namespace CodexOtel.Serve;

/// <summary>
/// Console logs go to stderr (stdout is for the banner), one line per event, or JSON for log shippers. Messages are
/// structured templates that name counts, paths and statuses, never the content of records.
/// </summary>
internal static class RecorderLogging
{
    public static void Configure(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (format == "json")
        {
            logging.AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ");
        }
        else
        {
            logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.TimestampFormat = "HH:mm:ss.fff ";
                simple.ColorBehavior = LoggerColorBehavior.Default;
            });
        }
    }
}
