"""Reflex State classes: UI state and thin event handlers that call services."""
