"""Widgets that more than one page or dialog uses."""
