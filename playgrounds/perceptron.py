"""Perceptron: feed one sample at a time through the notes' learning rule, or run whole epochs."""
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dl_engine.data.perceptron_data import DATASET_LABELS, DATASETS, MAX_POINTS, points_problem
from dl_engine.models import perceptron as model
from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.live import live_figure, live_panel
from dl_engine.ui.page_state import setting
from dl_engine.ui.points_input import class_names, points_editor
from dl_engine.ui.present import fit, lesson
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.viz.perceptron import boundary_figure, epoch_errors_figure, weights_figure

PAGE = "perceptron"
LIMITS = {name: (f.metadata["lo"], f.metadata["hi"]) for name, f in PerceptronConfig.__dataclass_fields__.items()
          if "lo" in f.metadata and name != "points"}
XOR_NOTE = (
    "**XOR never converges.** No straight line puts (0, 1) and (1, 0) on one side and (0, 0) and "
    "(1, 1) on the other: the classes are *not linearly separable*. The notes: *“The perceptron can only "
    "solve linearly separable problems because its decision boundary is a hyperplane. It struggles with "
    "problems like XOR.”* Every epoch still makes mistakes, each mistake drags the line somewhere else, "
    "and the weights cycle for ever. *“To overcome these limitations, we use multilayer perceptrons.”*")

common = common_sidebar()
init_widgets(PAGE, PerceptronConfig)
st.title("⚡ Perceptron")
with lesson():
    st.markdown("The simplest neural network: a weighted sum, a step, and a rule that moves the weights "
                "only when the answer is wrong. Press **Step** to feed one sample, **+1 epoch** for a whole "
                "pass, or **Train** to watch it run.")
    cols = st.columns(2)
    cols[0].latex(model.EQ_SUM)
    cols[1].latex(model.EQ_STEP)
    st.latex(model.EQ_RULE + r"\quad \text{(only when } \hat{y} \ne y)")


def number(label: str, name: str, step: float, fmt: str = "%.3f", where=st) -> None:
    lo, hi = LIMITS[name]
    where.number_input(label, float(lo), float(hi), step=step, format=fmt, **setting(f"{PAGE}.{name}"))


with st.sidebar:
    st.markdown("### Perceptron")
    dataset = st.selectbox("Data", DATASETS, format_func=DATASET_LABELS.get, **setting(f"{PAGE}.dataset"))
    if dataset == "clusters":
        st.slider("Number of points", *LIMITS["n_points"], **setting(f"{PAGE}.n_points"))
    number("Learning rate η", "lr", 0.05)
    st.markdown("**Initial weights** (the notes' example: 0.5, −0.6, 0.2)")
    w_cols = st.columns(3)
    for col, name in zip(w_cols, ("w1", "w2", "b")):
        number(name, name, 0.1, "%.2f", col)
    st.toggle("Shuffle the order every epoch", **setting(f"{PAGE}.shuffle"))
    budget = st.number_input("Epoch budget (Train stops here)", 1, 1000, value=50, **setting(f"{PAGE}.budget"))

if dataset == "custom":
    with st.expander("Your points: edit the table, upload or paste a CSV", expanded=True):
        st.session_state[f"{PAGE}.points"] = points_editor(PAGE, st.session_state.get(f"{PAGE}.points", ()))

config = config_from_widgets(PAGE, PerceptronConfig)
if config is None:
    st.stop()
problem = points_problem(config)
if problem:
    st.error(f"{problem} The perceptron needs at least one point of each class (at most {MAX_POINTS}).")
    st.stop()
sync_url(config, common.seed)
run = page_run(PAGE, Perceptron, config, common.seed, common.device,
               stop=StopCondition(max_epochs=float(budget), target_loss=0.0))

if dataset == "xor":
    st.warning(XOR_NOTE, icon="🔁")
    try:
        st.page_link("playgrounds/mlp.py", label="Solve XOR with a hidden layer on the MLP page →", icon="🧠",
                     query_params={"preset": "xor-hidden-layer"})
    except StreamlitPageNotFoundError:  # this page run on its own, outside the app's navigation
        st.link_button("Solve XOR with a hidden layer on the MLP page →", "mlp?preset=xor-hidden-layer")

control_bar(run, PAGE, {"+1 epoch": run.experiment.steps_per_epoch}, Pace("step", 5))
names = class_names(PAGE) if dataset == "custom" else ("0", "1")


def step_numbers(last: dict) -> None:
    """The last step's quantities as big numbers: z, ŷ, the error, then Δw and Δb."""
    rows = ((("z", last["z"]), ("ŷ", last["y_hat"]), ("error y − ŷ", last["error"])),
            (("Δw₁", last["dw"][0]), ("Δw₂", last["dw"][1]), ("Δb", last["db"])))
    for row in rows:
        for col, (label, value) in zip(st.columns(3), row):
            col.metric(label, model.fmt(value))


def errors_figure(v: dict):
    """Mistakes per epoch, with the current epoch's so far."""
    return epoch_errors_figure(v["epoch_errors"], len(v["y"]), v["mistakes"] if v["position"] else None)


def draw(snap) -> None:
    v = snap.visuals
    left, right = st.columns([1.1, 1])
    with left:
        live_figure(lambda s: boundary_figure(s.visuals, names, height=fit(580, 470)), key=f"{PAGE}.boundary")
        st.caption("Orange shading: the ŷ = 1 side. **w** is perpendicular to the line and points into it; "
                   "b shifts the line away from the origin. Red rings: points the line gets wrong now.")
    with right:
        last = v["last"]
        if last is None:
            st.info("Press **Step** to feed the first sample through the perceptron.")
        else:
            n, done = run.experiment.steps_per_epoch, len(v["epoch_errors"])
            epoch, position = (done, n) if v["position"] == 0 else (done + 1, v["position"])
            st.markdown(f"**Step {snap.step}**: sample #{last['index'] + 1}, x = ({model.fmt(last['x'][0])}, "
                        f"{model.fmt(last['x'][1])}), y = {last['y']} · epoch {epoch}, {position} of {n} samples")
            step_numbers(last)
            st.latex(v["equations"])
        if v["converged"] is not None:
            at, epoch = v["converged"]
            when = f"Converged at step {at} (epoch {epoch})" if at else "The initial weights already separate them"
            st.success(f"{when}: the line separates the classes, so no sample is a mistake any more and the "
                       "rule makes no more updates.")
        elif dataset == "xor" and len(v["epoch_errors"]) >= 3:
            st.warning(f"{len(v['epoch_errors'])} epochs and still {v['epoch_errors'][-1]} mistakes per "
                       "epoch: the weights cycle, because XOR is not linearly separable.")
    charts = st.columns(2)
    with charts[0]:
        live_figure(lambda s: errors_figure(s.visuals), key=f"{PAGE}.errors")
    with charts[1]:
        live_figure(lambda s: weights_figure(s.history), key=f"{PAGE}.weights")


live_panel(run, draw, common.refresh, key=PAGE)
