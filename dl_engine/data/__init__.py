"""Datasets: generated toy sets, truth tables and validated user uploads."""
