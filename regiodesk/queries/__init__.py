"""Read-only questions the screens and the command line ask of a store."""
