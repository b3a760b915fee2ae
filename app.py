"""The deep-learning playground: router. Each playground is one page in pages/."""
import streamlit as st

st.set_page_config(page_title="Deep-learning playground", page_icon="🧠", layout="wide")

PAGES = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon="🏠", url_path="home", default=True),
    ],
    "Playgrounds": [
        # one line per playground page: st.Page("pages/<file>.py", title=..., icon=..., url_path=...)
        st.Page("pages/perceptron.py", title="Perceptron", icon="⚡", url_path="perceptron"),
        st.Page("pages/mlp.py", title="MLP playground", icon="🕸️", url_path="mlp"),
        st.Page("pages/gradients.py", title="Gradient lab", icon="📉", url_path="gradients"),
        st.Page("pages/recurrent.py", title="Recurrent nets (RNN, LSTM, GRU)", icon="🔄", url_path="recurrent"),
        st.Page("pages/conv_lab.py", title="Convolution lab", icon="🔍", url_path="convolution"),
        st.Page("pages/cnn.py", title="Train a CNN", icon="🖼️", url_path="cnn"),
        st.Page("pages/attention_lab.py", title="Attention mechanics", icon="🔦", url_path="attention"),
        st.Page("pages/seq2seq.py", title="Seq2seq & attention", icon="🔁", url_path="seq2seq"),
        st.Page("pages/transformer.py", title="Tiny transformer", icon="🤖", url_path="transformer"),
    ],
}

st.navigation({k: v for k, v in PAGES.items() if v}, expanded=True).run()
