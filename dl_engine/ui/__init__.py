"""Streamlit glue: the only package (with playgrounds/ and app.py) that imports streamlit."""
