"""Reporters (one module per output format) and the gate that sets the exit code."""
