"""The playground's engine: models, data, training runs, probes and figures.

Usable from a notebook with no Streamlit: build a config, make a TrainingRun, call step(n).
"""
