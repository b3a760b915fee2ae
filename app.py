"""The deep-learning playground: router. The playgrounds are listed in dl_engine/ui/catalog.py."""
import streamlit as st

from dl_engine.ui.catalog import PLAYGROUNDS

st.set_page_config(page_title="Deep-learning playground", page_icon="🧠", layout="wide")

home = st.Page("pages/home.py", title="Home", icon="🏠", url_path="home", default=True)
playgrounds = [st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path) for p in PLAYGROUNDS]
st.navigation({"Start": [home], "Playgrounds": playgrounds}, expanded=True).run()
