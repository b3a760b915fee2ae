"""Home: what each playground teaches, the device in use, and a lecturer's first five minutes."""
import streamlit as st

from dl_engine.device import describe_device, resolve_device
from dl_engine.ui.catalog import PLAYGROUNDS
from dl_engine.ui.shortcuts import shortcuts_help
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

""")

st.header("In front of a class")
st.markdown(f"""
- **Present mode** (the sidebar's switch, or `?present=1` in a link): the sidebar folds away, lesson
  text and equations fold behind one click, charts draw larger, and each page's main figures fit a
  1280×720 projector. Every chart has a fullscreen button.
- **Keyboard**: {shortcuts_help()}.
- **Pace**: each page opens at a speed a class can follow (the MLP's circle reaches 95 % in about 8 s);
  the speed box goes from half an epoch a second to full speed. Paused, the *time travel* slider
  redraws every chart as it was at an earlier step.
- **Links**: every setting lives in the address, so a copied link reopens the same experiment;
  `<setting>_hide=true` hides a control (e.g. `/mlp?lr_hide=true&step_hide=true`) for an exercise.
- **Export** (every training page): the settings as JSON (and back), a plain PyTorch script that
  trains the same network to the same first losses, and the weights as safetensors (and back).
""")
