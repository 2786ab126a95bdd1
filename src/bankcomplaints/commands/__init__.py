"""Subcommands of the ``bankcomplaints`` command line, one module each."""
