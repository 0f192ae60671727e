"""The dialogs: one module per dialog."""
