"""The deep-learning playground: router. The playgrounds are listed in dl_engine/ui/catalog.py.

Their scripts live in playgrounds/, not pages/: Streamlit treats a pages/ folder beside the entry
script as a legacy multipage app, and a server's first request for a deep link (say /mlp) would
then run that page without this router (no layout, no navigation).
"""
import streamlit as st

from dl_engine.ui.catalog import PLAYGROUNDS

st.set_page_config(page_title="Deep-learning playground", page_icon="🧠", layout="wide")

home = st.Page("playgrounds/home.py", title="Home", icon="🏠", url_path="home", default=True)
playgrounds = [st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path) for p in PLAYGROUNDS]
st.navigation({"Start": [home], "Playgrounds": playgrounds}, expanded=True).run()
