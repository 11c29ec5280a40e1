return await CodexOtel.Bench.BenchCli.RunAsync(args);
