"""Streamlit glue: the only package (with pages/ and app.py) that imports streamlit."""
