using ActorStack.Host;

return Commands.Execute(args, Console.Out, Console.Error);
