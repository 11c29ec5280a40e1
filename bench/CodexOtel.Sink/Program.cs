return await CodexOtel.Sink.SinkCommand.RunAsync(args);
