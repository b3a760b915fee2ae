"""Heatmaps as pictures: colours follow the colour scale, NaN is clear, the picture lands where
said, and its pixels travel as one code a pixel into a shared palette."""
import numpy as np
import plotly.colors

from dl_engine.viz.payload import decode_array, figure_payload
from dl_engine.viz.raster import CLEAR, category_grid, colour_bar_mark, colour_grid, image_layer, tiled_layer
from dl_engine.viz.spec.picture import PIXELS_KEY


def picture(image) -> np.ndarray:
    """A picture's tiles, placed as canvas_chart.js places them → (H, W, 4) uint8, top row
    first (as drawn), clear between tiles."""
    pixels = image.pixels
    codes, palette, at = (decode_array(pixels[k]) for k in ("codes", "palette", "at"))
    assert codes.dtype == palette.dtype == np.uint8 and palette.shape[1] == 4 and len(palette) <= 256
    width, height = pixels["size"]
    rgba = np.zeros((height, width, 4), np.uint8)
    _, h, w = codes.shape
    for tile, (x, y) in zip(codes, at.reshape(-1, 2)):
        rgba[y:y + h, x:x + w] = palette[tile]
    return rgba


def colours(grid) -> np.ndarray:
    return grid.palette[grid.codes]


def test_colours_follow_the_scale_and_nan_is_transparent():
    scale = [[0.0, "#ff0000"], [0.5, "#ffffff"], [1.0, "rgb(0, 0, 255)"]]
    rgba = colours(colour_grid(np.array([[-2.0, 0.0, 2.0, np.nan, 9.0, -1.0]]), scale, -2, 2, opacity=0.5))
    # 255 levels: within one level of the exact colour; −1 is a quarter of the way, red → white
    np.testing.assert_allclose(rgba[0, [0, 1, 2, 5], :3], [[255, 0, 0], [255, 255, 255], [0, 0, 255], [255, 128, 128]],
                               atol=1)
    assert list(rgba[0, :, 3]) == [128, 128, 128, 0, 128, 128]
    np.testing.assert_array_equal(rgba[0, 4, :3], [0, 0, 255])  # beyond zmax: clipped to the top colour


def test_named_scales_match_plotly():
    rgba = colours(colour_grid(np.array([[0.0, 1.0]]), "Viridis", 0, 1))
    first, last = plotly.colors.get_colorscale("Viridis")[0][1], plotly.colors.get_colorscale("Viridis")[-1][1]
    expected = plotly.colors.convert_colors_to_same_type([first, last], colortype="tuple")[0]
    np.testing.assert_allclose(rgba[0, :, :3] / 255, expected, atol=1 / 255)


def test_categories_take_their_colour():
    rgba = colours(category_grid(np.array([[0, 1, 2, 3]]), ["#000000", "#ffffff", "#ff0000"], opacity=1.0))
    np.testing.assert_array_equal(rgba[0, :, :3], [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 0]])


def test_image_layer_is_the_grid_flipped_to_top_row_first():
    z = np.arange(6, dtype=float).reshape(2, 3)  # row 0 is the bottom (y rising), as a heatmap's z
    grid = colour_grid(z, [[0, "#000000"], [1, "#ffffff"]], 0, 5)
    image = image_layer(grid, (-1.0, 2.0), (0.0, 4.0))
    np.testing.assert_array_equal(picture(image), colours(grid)[::-1])
    sent = image.wire()   # plotly's layout image: its top-left corner, stretched over the box
    assert (sent["x"], sent["y"], sent["sizex"], sent["sizey"]) == (-1.0, 4.0, 3.0, 4.0)
    assert sent["xanchor"] == "left" and sent["yanchor"] == "top" and sent["sizing"] == "stretch"


def test_pixels_are_one_byte_each_and_pass_the_payload_untouched():
    grid = colour_grid(np.full((40, 30), np.nan), "Viridis", 0, 1)
    assert (grid.codes == CLEAR).all() and colours(grid)[..., 3].max() == 0
    image = image_layer(grid, (0, 1), (0, 1))
    assert len(decode_array(image.pixels["codes"]).tobytes()) == 40 * 30


def test_tiles_land_at_their_origins_and_only_tiles_travel():
    tiles = colour_grid(np.array([np.zeros((2, 2)), np.ones((2, 2))]), [[0, "#000000"], [1, "#ffffff"]], 0, 1)
    image = tiled_layer(tiles, [(0, 0), (3, 2)], (5, 4), (0, 5), (0, 4))   # lower-left origins, y rising
    assert len(decode_array(image.pixels["codes"]).tobytes()) == 2 * 2 * 2
    rgba = picture(image)   # top row first: the second tile (rows 2–3 from the bottom) at the top right
    assert (rgba[2:, :2, :3] == 0).all() and (rgba[:2, 3:, :3] == 255).all()
    assert rgba[..., 3].sum() == 8 * 255
    sent = figure_payload({"data": [], "layout": {"images": [image.wire()]}})["layout"]["images"][0]
    assert sent[PIXELS_KEY] == image.pixels


def test_colour_bar_mark_shows_only_the_scale():
    trace = colour_bar_mark("Viridis", 0, 1, "P(1)", (0.5, 0.5)).wire()
    assert trace["marker"]["showscale"] and trace["marker"]["opacity"] == 0 and trace["hoverinfo"] == "skip"
    assert trace["marker"]["colorbar"]["title"]["text"] == "P(1)" and trace.get("showlegend") is False
