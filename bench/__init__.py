"""Benchmarks of the map (make bench): figures next to naive baselines measured in the same run."""
