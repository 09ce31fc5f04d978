"""Qt widgets only. Nothing outside this package imports it."""
