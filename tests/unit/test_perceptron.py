"""The perceptron against the notes: worked examples, the learning rule, AND/OR converge, XOR cycles."""
import numpy as np
import pytest
import torch

from dl_engine.data import perceptron_data as data
from dl_engine.data.csv_points import DataError
from dl_engine.models.perceptron import decision_geometry, fmt, learn, step, step_equations, weighted_sum
from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from dl_engine.training.run import Status, StopCondition, TrainingRun
from dl_engine.viz.perceptron import boundary_figure, epoch_errors_figure, weights_figure
from tests.unit.figure_checks import axis_titles, readable


def t(*values):
    return torch.tensor(values, dtype=torch.float64)


@pytest.mark.parametrize("w, b, x, z", [
    ((0.5, -0.6), 0.2, (1.0, 2.0), -0.5),   # notes §7.1: 0.5·1 − 0.6·2 + 0.2 = −0.5 → class 0
    ((0.5, -1.0), 0.5, (2.0, 3.0), -1.5),   # notes §28: 0.5·2 − 1·3 + 0.5 = −1.5 → output 0
])
def test_notes_worked_examples(w, b, x, z):
    out = weighted_sum(t(*w), torch.tensor(b, dtype=torch.float64), t(*x))
    assert float(out) == pytest.approx(z)
    assert float(step(out)) == 0


def test_step_is_one_at_zero_and_above():
    np.testing.assert_array_equal(step(t(-1e-9, 0.0, 2.0)).numpy(), [0, 1, 1])


def test_a_mistake_moves_w_by_exactly_eta_error_x():
    w, b, x = t(0.5, -0.6), torch.tensor(0.2, dtype=torch.float64), t(1.0, 2.0)
    update = learn(w, b, x, y=1.0, lr=0.25)          # z = −0.5 → ŷ = 0, but y = 1
    assert (update.y_hat, update.error) == (0, 1)
    np.testing.assert_allclose(update.dw, [0.25, 0.5])
    np.testing.assert_allclose(w.numpy(), [0.75, -0.1])
    assert float(b) == pytest.approx(0.45)


def test_a_false_positive_moves_w_away_from_x():
    w, b = t(1.0, 1.0), torch.tensor(0.0, dtype=torch.float64)
    update = learn(w, b, t(2.0, -1.0), y=0.0, lr=0.5)  # z = 1 → ŷ = 1, y = 0: error −1
    assert update.error == -1
    np.testing.assert_allclose(w.numpy(), [0.0, 1.5])
    assert float(b) == pytest.approx(-0.5)


def test_a_correct_sample_changes_nothing():
    w, b = t(0.5, -0.6), torch.tensor(0.2, dtype=torch.float64)
    update = learn(w, b, t(1.0, 2.0), y=0.0, lr=0.25)
    assert update.error == 0
    np.testing.assert_array_equal(w.numpy(), [0.5, -0.6])
    assert float(b) == 0.2


def run_epochs(config, epochs, seed=0):
    exp = Perceptron(config, seed=seed)
    for _ in range(epochs * exp.steps_per_epoch):
        exp.train_step(probe=False)
    return exp


@pytest.mark.parametrize("dataset", ["and", "or"])
@pytest.mark.parametrize("lr, w1, w2, b", [(0.1, 0.5, -0.6, 0.2), (1.0, 0.0, 0.0, 0.0)])
def test_and_or_converge(dataset, lr, w1, w2, b):
    exp = run_epochs(PerceptronConfig(dataset=dataset, lr=lr, w1=w1, w2=w2, b=b), epochs=30)
    assert exp.converged is not None and exp.epoch_errors[-1] == 0
    step, epoch = exp.converged
    assert exp.epoch_errors[epoch - 1] > 0 and all(e == 0 for e in exp.epoch_errors[epoch:])
    assert exp.evaluate()["train_acc"] == 1.0
    X, y = data.truth_table(dataset)
    np.testing.assert_array_equal(exp.predictions().numpy(), y)


def test_clusters_converge_for_several_seeds():
    for seed in range(3):
        exp = run_epochs(PerceptronConfig(dataset="clusters", n_points=60, shuffle=True), 40, seed)
        assert exp.evaluate()["errors"] == 0, seed


@pytest.mark.parametrize("shuffle", [False, True])
def test_xor_never_converges_and_cycles(shuffle):
    config = PerceptronConfig(dataset="xor", lr=1.0, w1=0.0, w2=0.0, b=0.0, shuffle=shuffle)
    exp = Perceptron(config, seed=0)
    weights = []
    for _ in range(60):
        for _ in range(4):
            exp.train_step(probe=False)
        weights.append((*exp.w.tolist(), float(exp.b)))
    assert min(exp.epoch_errors) > 0 and exp.converged is None
    assert exp.evaluate()["errors"] > 0
    # integer weights, bounded: the rule can only revisit a finite set of states, for ever
    assert len(set(weights[30:])) < 30 and max(abs(v) for row in weights for v in row) <= 4
    if not shuffle:  # a fixed order settles into the same weights every epoch
        assert weights[-1] == weights[-2] == weights[-10]


def test_weights_that_already_separate_are_converged_at_step_0():
    exp = Perceptron(PerceptronConfig(dataset="and", w1=1.0, w2=1.0, b=-1.5))
    assert exp.converged == (0, 0)
    exp.train_step(probe=False)
    assert exp.last["error"] == 0 and exp.mistakes == 0


def test_one_step_is_one_sample_and_epochs_count_passes():
    exp = Perceptron(PerceptronConfig(dataset="clusters", n_points=10))
    assert exp.steps_per_epoch == 10
    for _ in range(25):
        exp.train_step(probe=False)
    assert len(exp.epoch_errors) == 2 and exp.position == 5


def test_training_run_stops_when_converged():
    run = TrainingRun(Perceptron, PerceptronConfig(dataset="and"), seed=0,
                      stop=StopCondition(max_epochs=100, target_loss=0.0))
    for _ in range(100):
        snap = run.step(4)
        if snap.status == Status.FINISHED:
            break
    assert snap.status == Status.FINISHED and snap.metrics["errors"] == 0
    assert snap.visuals["converged"] is not None and snap.visuals["converged"][0] <= snap.step
    assert {"w1", "w2", "b", "train_acc"} <= set(snap.history)


def test_visuals_carry_the_last_update_and_equations():
    run = TrainingRun(Perceptron, PerceptronConfig(dataset="and"), seed=0)
    assert run.snapshot.visuals["last"] is None and run.snapshot.visuals["equations"] == ""
    v = run.step(1).visuals      # sample (0, 0), y = 0: z = 0.2 → ŷ = 1, a mistake; Δb = −0.1
    last = v["last"]
    assert (last["y"], last["y_hat"], last["error"]) == (0, 1, -1)
    assert last["db"] == pytest.approx(-0.1) and v["b"] == pytest.approx(0.1)
    np.testing.assert_allclose(last["w_after"], last["w_before"] + last["dw"])
    assert "= 0.2" in v["equations"] and r"\leftarrow" in v["equations"]
    w_shown = v["w"].copy()
    run.step(3)
    np.testing.assert_array_equal(v["w"], w_shown)   # snapshots are not views of live weights


def test_equations_substitute_the_notes_example():
    last = {"x": np.array([1.0, 2.0]), "y": 0, "z": -0.5, "y_hat": 0, "error": 0,
            "dw": np.zeros(2), "db": 0.0, "w_before": np.array([0.5, -0.6]), "b_before": 0.2,
            "w_after": np.array([0.5, -0.6]), "b_after": 0.2}
    latex = step_equations(last, 0.1)
    assert r"0.5 \cdot 1 + (-0.6) \cdot 2 + 0.2" in latex and "&= -0.5" in latex
    assert "z < 0" in latex and "no update" in latex


def test_decision_geometry_clips_line_and_region_to_the_box():
    box = np.array([-1.0, 1.0, -1.0, 1.0])
    line, region = decision_geometry(np.array([1.0, 0.0]), -0.5, box)    # x1 = 0.5
    np.testing.assert_allclose(sorted(line[:, 1]), [-1, 1])
    np.testing.assert_allclose(line[:, 0], [0.5, 0.5])
    assert region[:, 0].min() == pytest.approx(0.5)                      # ŷ = 1 where x1 ≥ 0.5
    line, region = decision_geometry(np.zeros(2), -1.0, box)             # w = 0, b < 0: all class 0
    assert line.shape == (0, 2) and region.shape == (0, 2)


def test_custom_points_and_their_errors():
    config = PerceptronConfig(dataset="custom", points=data.EXAMPLE_POINTS)
    exp = run_epochs(config, 50)
    assert exp.evaluate()["errors"] == 0
    assert data.points_problem(PerceptronConfig(dataset="custom", points=(1.0, 2.0, 0.0))) is not None
    with pytest.raises(DataError, match="0 or 1"):
        data.points_array((1.0, 2.0, 2.0, 0.0, 0.0, 0.0))


def test_csv_for_the_perceptron_must_be_binary():
    points, names = data.points_from_csv(b"a,b,c\n1,2,cat\n3,4,dog\n")
    assert points == (1.0, 2.0, 0.0, 3.0, 4.0, 1.0) and names == ["cat", "dog"]
    with pytest.raises(DataError, match="two classes.*3"):
        data.points_from_csv(b"1,2,a\n3,4,b\n5,6,c\n")


def test_table_round_trip_skips_incomplete_rows():
    table = data.points_table(data.EXAMPLE_POINTS)
    table.loc[len(table)] = [np.nan, 1.0, 1]
    points, skipped = data.table_points(table)
    assert points == data.EXAMPLE_POINTS and skipped == 1


def test_figures_show_points_line_mistakes_and_weights():
    run = TrainingRun(Perceptron, PerceptronConfig(dataset="xor"), seed=0)
    snap = run.step(9)
    v = snap.visuals
    boundary, errors, weights = (boundary_figure(v).wire(), epoch_errors_figure(v["epoch_errors"], 4, 1).wire(),
                                 weights_figure(snap.history).wire())
    assert axis_titles(readable(boundary, "decision line")) == ("x1", "x2")
    assert boundary["layout"]["yaxis"]["scaleanchor"] == "x"  # one unit is as long on both axes: w looks normal
    traces = {t.get("name"): t for t in boundary["data"]}
    for k in (0, 1):
        np.testing.assert_array_equal(traces[f"class {k}"]["x"], v["X"][v["y"] == k, 0])
    assert len(traces["misclassified"]["x"]) == int(np.sum(v["y"] != v["y_hat"]))
    assert any(name.startswith("w·x + b = 0") for name in traces if name)
    w_arrow = next(a for a in boundary["layout"]["annotations"] if a.get("showarrow"))
    shaft = traces[f"w = ({fmt(v['w'][0])}, {fmt(v['w'][1])}), normal to the line"]   # w's value in the legend
    assert list(shaft["x"]) == [w_arrow["ax"], w_arrow["x"]] and list(shaft["y"]) == [w_arrow["ay"], w_arrow["y"]]
    assert shaft["line"]["color"] == w_arrow["arrowcolor"], "the legend entry is the arrow's colour"
    w_hat = np.array([w_arrow["x"] - w_arrow["ax"], w_arrow["y"] - w_arrow["ay"]])
    assert np.allclose(w_hat / np.linalg.norm(w_hat), v["w"] / np.linalg.norm(v["w"])), "the arrow points along w"
    assert axis_titles(readable(errors, "Mistakes")) == ("epoch", "mistakes")
    bars = errors["data"][0]
    assert list(bars["y"]) == list(v["epoch_errors"]) + [1], "completed epochs, then the one in progress"
    assert not errors["layout"].get("annotations")
    before = epoch_errors_figure(np.zeros(0), 4, None).wire()
    assert [a["text"] for a in before["layout"]["annotations"]] == ["No sample seen yet: press Step or +1 epoch"]
    assert bars["marker"]["color"][-1] == "#aaaaaa" and set(bars["marker"]["color"][:-1]) == {"#d62728"}
    assert axis_titles(readable(weights, "Weights")) == ("step (samples seen)", "value")
    assert [t["name"] for t in weights["data"]] == ["w1", "w2", "b"]
    np.testing.assert_array_equal(weights["data"][2]["y"], snap.history["b"])


def test_float_dust_prints_as_zero():
    assert fmt(0.1 + 0.2 - 0.3) == "0" and fmt(-0.0) == "0" and fmt(-0.5) == "-0.5" and fmt(1.23456) == "1.23"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_gives_the_cpu_run():
    config = PerceptronConfig(dataset="clusters", n_points=30, shuffle=True)
    cpu, gpu = Perceptron(config, seed=4), Perceptron(config, seed=4, device="cuda")
    for _ in range(90):
        cpu.train_step(probe=False), gpu.train_step(probe=False)
    assert cpu.epoch_errors == gpu.epoch_errors
    np.testing.assert_allclose(gpu.w.cpu().numpy(), cpu.w.numpy())
