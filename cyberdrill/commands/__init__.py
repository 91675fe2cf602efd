"""One module per `cyberdrill` subcommand (`<name>_cmd.run(args) -> exit code`)."""
