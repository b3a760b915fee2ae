"""Toy 2-D sets, the seeded split and the input features."""
import numpy as np
import pytest

from dl_engine.data import toy2d
from dl_engine.data.features import FEATURES, feature_matrix


@pytest.mark.parametrize("name", sorted(toy2d.DATASETS))
def test_generators_return_labelled_points_on_the_plane(name):
    X, y = toy2d.make_dataset(name, 301, 0.0, seed=3)
    assert X.shape == (301, 2) and X.dtype == np.float32 and y.shape == (301,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert 0.3 < y.mean() < 0.7
    assert np.abs(X).max() <= toy2d.DOMAIN
    again, _ = toy2d.make_dataset(name, 301, 0.0, seed=3)
    np.testing.assert_array_equal(X, again)
    noisy, _ = toy2d.make_dataset(name, 301, 0.5, seed=3)
    assert not np.allclose(noisy, X)


def test_circle_labels_follow_the_radius_and_xor_the_quadrant():
    X, y = toy2d.make_dataset("circle", 400, 0.0, seed=0)
    np.testing.assert_array_equal(y, np.hypot(X[:, 0], X[:, 1]) < 2.5)
    X, y = toy2d.make_dataset("xor", 400, 0.0, seed=0)
    np.testing.assert_array_equal(y, X[:, 0] * X[:, 1] > 0)
    assert np.abs(X).min() >= 0.3  # the gap along the axes


def test_split_is_seeded_disjoint_and_keeps_both_sides():
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    a = toy2d.split(X, y, 0.7, seed=1)
    b = toy2d.split(X, y, 0.7, seed=1)
    assert len(a[0]) == 7 and len(a[2]) == 3
    assert set(a[1]).isdisjoint(a[3]) and set(a[1]) | set(a[3]) == set(range(10))
    np.testing.assert_array_equal(a[1], b[1])
    assert len(toy2d.split(X, y, 0.99, seed=0)[2]) == 1


def test_uploaded_points_are_fitted_into_the_plane_keeping_shape():
    X = np.array([[100, 10], [300, 20], [200, 15]], np.float32)
    fitted = toy2d.fit_to_plane(X)
    assert np.abs(fitted).max() == pytest.approx(toy2d.DOMAIN - 1)
    ratio = (fitted[1] - fitted[0]) / (X[1] - X[0])
    assert ratio[0] == pytest.approx(ratio[1])  # one scale factor for both axes


def test_features_compute_the_named_columns():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]], np.float32)
    F = feature_matrix(X, list(FEATURES))
    expected = np.stack([X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 1] ** 2, X[:, 0] * X[:, 1],
                         np.sin(X[:, 0]), np.sin(X[:, 1])], 1)
    np.testing.assert_allclose(F, expected, rtol=1e-6)
    with pytest.raises(ValueError, match="at least one"):
        feature_matrix(X, [])
