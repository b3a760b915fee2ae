"""A link's view keys: present mode and hidden controls, never a way to inject styles."""
from hypothesis import given, strategies as st

from dl_engine.ui.link_view import hidden_controls, hiding_css, view_params


def test_view_params_keep_present_and_hide_keys_only():
    params = {"present": "1", "lr_hide": "true", "lr": "0.1", "seed": "3"}
    assert view_params(params) == {"present": "1", "lr_hide": "true"}


def test_hidden_controls_are_the_true_hide_keys():
    assert hidden_controls({"lr_hide": "true", "dataset_hide": "1", "seed_hide": "false", "x": "true"}) == \
        ["lr", "dataset"]


def test_hiding_css_names_the_page_widgets_and_every_step_button():
    css = hiding_css("mlp", ["learning_rate", "step"])
    assert ".st-key-mlp-learning_rate" in css and ".st-key-common-learning_rate" in css
    assert '[class*="st-key-mlp-step-"]' in css and "display: none" in css
    assert hiding_css("mlp", []) == ""


@given(st.dictionaries(st.text(max_size=30), st.sampled_from(["true", "1", "yes", "no"]), max_size=6))
def test_no_link_can_put_anything_but_plain_names_into_the_styles(params):
    for name in hidden_controls(params):
        assert name.isidentifier() and name.isascii()
    css = hiding_css("mlp", hidden_controls(params))
    assert "<" not in css.removeprefix("<style>").removesuffix("</style>")
    assert "}" not in css.split("{")[0]
