using CodexOtel.Config;
using CodexOtel.Ledger;
using CodexOtel.Serve;

namespace CodexOtel.Cli;

/// <summary>Runs a command's body and turns failures into one readable message and an exit code.</summary>
internal static class CommandRunner
{
    public const int UsageOrUserError = 2;
    public const int InternalError = 70;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            // The body's synchronous start (opening files, say) runs off the caller's thread: the parser's handling of
            // Ctrl-C and SIGTERM only takes effect once the command has handed it a task to wait for.
            await Task.Yield();
            return await body();
        }
        catch (UserError e)
        {
            return Fail(e.Message, e.Fix);
        }
        catch (ServeException e)
        {
            return Fail(e.Message, e.Fix);
        }
        catch (ConfigException e)
        {
            return Fail(e.Message, e.Fix);
        }
        catch (DataFolderException e)
        {
            return Fail(e.Message, e.Fix);
        }
        catch (FormatException e)
        {
            return Fail(e.Message, null);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"  ({e.GetType().Name}; this is a bug in codex-otel — please report it with the command you ran)");
            return InternalError;
        }
    }

    private static int Fail(string problem, string? fix)
    {
        Console.Error.WriteLine($"error: {problem}");
        if (fix is not null)
        {
            Console.Error.WriteLine($"  fix: {fix}");
        }

        return UsageOrUserError;
    }
}
