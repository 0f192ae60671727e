"""``regiodesk-cli``: the core on the command line."""
