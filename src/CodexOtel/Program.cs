using CodexOtel.Cli;

return await CodexOtelCli.RunAsync(args);
