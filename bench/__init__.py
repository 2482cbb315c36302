"""Benchmarks of the register at national scale, run by hand (docs/benchmarks.md), never by the test suite."""
