"""The deep-learning playground: router. The playgrounds are listed in dl_engine/ui/catalog.py.

Their scripts live in playgrounds/, not pages/: Streamlit treats a pages/ folder beside the entry
script as a legacy multipage app, and a server's first request for a deep link (say /mlp) would
then run that page without this router (no layout, no navigation).
"""
import streamlit as st

from dl_engine.ui.catalog import PLAYGROUNDS
from dl_engine.ui.history import one_entry_per_page
from dl_engine.ui.query import hold_loaded_settings
from dl_engine.ui.session import pause_runs_except

hold_loaded_settings()   # first: it reads what the browser sent before any widget is drawn
st.set_page_config(page_title="Deep-learning playground", page_icon="🧠", layout="wide")

HOME = "playgrounds/home.py"
home = st.Page(HOME, title="Home", icon="🏠", url_path="index", default=True)      # served at /
home_link = st.Page(HOME, title="Home", icon="🏠", url_path="home", visibility="hidden")  # and at /home
playgrounds = [st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path) for p in PLAYGROUNDS]
page = st.navigation({"Start": [home, home_link], "Playgrounds": playgrounds}, expanded=True)
pause_runs_except(page.url_path)
one_entry_per_page()
page.run()
