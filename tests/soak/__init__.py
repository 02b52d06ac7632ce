"""Soak harnesses (issue 12): many processes writing one database at once, and writers killed
with SIGKILL mid-write. Each harness is a module with a `main()` (`python -m tests.soak.crash`,
`python -m tests.soak.terminals`); `test_*.py` run them small in CI, `make soak` runs them full."""
