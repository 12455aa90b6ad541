"""Tools that run the portal as production does: the two-instance tests, `make bench` and
`make loadtest`. Nothing here is collected as a test (no test_*.py files)."""
