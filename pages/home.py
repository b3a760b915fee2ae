"""Home: what each playground teaches, the device in use, and a first five minutes."""
import streamlit as st

from dl_engine.ui.sidebar import common_sidebar

common = common_sidebar()
st.title("🧠 Deep-learning playground")
st.write("Configure a network, press **Train**, and watch it learn — live.")
