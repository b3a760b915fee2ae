"""Training runs, the experiments they drive, probes and the name → object registries."""
