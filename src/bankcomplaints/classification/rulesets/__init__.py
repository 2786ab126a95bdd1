"""The rule sets shipped with bankcomplaints (``zh.toml``, ``en.toml``)."""
