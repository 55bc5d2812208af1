"""G40 Economie & Werk assistent: shared settings, install step and the `g40` command."""

__version__ = "0.1.0"
