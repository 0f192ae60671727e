"""The core's commands: every change a person or a tool makes goes through one of these.

Each command checks the domain's rules and the actor's rights, then writes through the store's
change log in one transaction, and returns what the caller needs (usually the new id).
"""
