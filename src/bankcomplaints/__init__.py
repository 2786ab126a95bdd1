"""bankcomplaints: a pure domain SDK for bank customer complaints."""
