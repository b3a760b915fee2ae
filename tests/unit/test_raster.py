"""Heatmaps as pictures: colours follow the colour scale, NaN is clear, the picture lands where said."""
import base64
import io

import numpy as np
import plotly.colors
from PIL import Image

from dl_engine.viz.raster import category_grid, colorbar_trace, colour_grid, image_layer, png_data_url


def picture(image: dict) -> np.ndarray:
    """A layout image's PNG → (H, W, 4) uint8, top row first (as drawn)."""
    header, data = image["source"].split(",", 1)
    assert header == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA"))


def test_colours_follow_the_scale_and_nan_is_transparent():
    scale = [[0.0, "#ff0000"], [0.5, "#ffffff"], [1.0, "rgb(0, 0, 255)"]]
    rgba = colour_grid(np.array([[-2.0, 0.0, 2.0, np.nan, 9.0]]), scale, -2, 2, opacity=0.5)
    # a 256-entry table: within one level of the exact colour
    np.testing.assert_allclose(rgba[0, :3, :3], [[255, 0, 0], [255, 255, 255], [0, 0, 255]], atol=1)
    assert list(rgba[0, :, 3]) == [128, 128, 128, 0, 128]
    np.testing.assert_array_equal(rgba[0, 4, :3], [0, 0, 255])  # beyond zmax: clipped to the top colour


def test_named_scales_match_plotly():
    rgba = colour_grid(np.array([[0.0, 1.0]]), "Viridis", 0, 1)
    first, last = plotly.colors.get_colorscale("Viridis")[0][1], plotly.colors.get_colorscale("Viridis")[-1][1]
    expected = plotly.colors.convert_colors_to_same_type([first, last], colortype="tuple")[0]
    np.testing.assert_allclose(rgba[0, :, :3] / 255, expected, atol=1 / 255)


def test_categories_take_their_colour():
    rgba = category_grid(np.array([[0, 1, 2, 3]]), ["#000000", "#ffffff", "#ff0000"], opacity=1.0)
    np.testing.assert_array_equal(rgba[0, :, :3], [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 0]])


def test_image_layer_is_the_grid_flipped_to_top_row_first():
    z = np.arange(6, dtype=float).reshape(2, 3)  # row 0 is the bottom (y rising), as a heatmap's z
    rgba = colour_grid(z, [[0, "#000000"], [1, "#ffffff"]], 0, 5)
    image = image_layer(rgba, (-1.0, 2.0), (0.0, 4.0))
    np.testing.assert_array_equal(picture(image), rgba[::-1])
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (-1.0, 4.0, 3.0, 4.0)
    assert image["xanchor"] == "left" and image["yanchor"] == "top" and image["sizing"] == "stretch"


def test_png_round_trip_is_lossless():
    rgba = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    np.testing.assert_array_equal(picture({"source": png_data_url(rgba)}), rgba)


def test_colorbar_trace_shows_only_the_scale():
    trace = colorbar_trace("Viridis", 0, 1, "P(1)", (0.5, 0.5))
    assert trace["marker"]["showscale"] and trace["marker"]["opacity"] == 0 and trace["hoverinfo"] == "skip"
    assert trace["marker"]["colorbar"]["title"]["text"] == "P(1)"
