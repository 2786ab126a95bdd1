"""The complaint workflow: its states and transitions, and the deadline clocks that run beside them."""
