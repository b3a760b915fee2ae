"""Home: what each playground teaches, the device in use, and a lecturer's first five minutes."""
import streamlit as st

from dl_engine.device import describe_device, resolve_device
from dl_engine.ui.catalog import PLAYGROUNDS
from dl_engine.ui.sidebar import common_sidebar

common = common_sidebar()
st.title("🧠 Deep-learning playground")
st.markdown("Configure a network, press **Train**, and watch it learn — live: decision boundaries, "
            "feature maps, gates, gradients and attention heads, as they form.")
st.info(f"Training runs on **{describe_device(resolve_device(common.device))}**. "
        "Change the device and the seed in the sidebar; the same seed and settings give the same curves.",
        icon="🖥️")

st.header("Playgrounds")
cols = st.columns(3)
for i, playground in enumerate(PLAYGROUNDS):
    with cols[i % 3].container(border=True):
        st.page_link(playground.file, label=f"**{playground.title}**", icon=playground.icon)
        st.caption(playground.teaches)

st.header("A lecturer's first five minutes")
st.markdown("""
1. **Perceptron** — keep the AND data and press **Step** a few times: the weighted sum, the step
   and the learning rule appear with the numbers filled in, and the line moves. Switch to **XOR**
   and press **+1 epoch** again and again: the mistakes never reach zero. Follow the link to the
   MLP preset that solves it.
2. **MLP playground** — load *spiral needs depth or features* and press **Train**: every neuron's
   own picture sharpens while the boundary wraps around the spiral.
3. **Gradient lab** — the *vanishing* preset shows the first layer's gradient 30+ orders of
   magnitude below the last before any training; switch to *ReLU + He* and it is healthy.
4. **Recurrent nets** — compare mode trains an RNN, an LSTM and a GRU on the same task: the RNN's
   gradient through time fades, the gated cells' does not.
5. **Tiny transformer** — press **Train** and watch the attention heads organise themselves.

Tips for a projector: zoom the browser to 125 %; *Speed* slows a run down for a step-by-step
explanation; every page's settings live in its address, so a copied link reopens the same experiment.
""")
