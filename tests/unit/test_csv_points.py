"""CSV upload parsing: good files give the right arrays; each malformed file gives a clear DataError."""
import numpy as np
import pytest

from dl_engine.data.csv_points import DataError, LabelledPoints, parse_labelled_points


def parse(text: str, **kw) -> LabelledPoints:
    return parse_labelled_points(text.encode("utf-8"), **kw)


def test_headerless_numeric_labels():
    pts = parse("0.5,1.25,0\n-1,2,1\n3,-4,1\n")
    np.testing.assert_array_equal(pts.X, np.array([[0.5, 1.25], [-1, 2], [3, -4]], np.float32))
    assert pts.X.dtype == np.float32 and pts.X.shape == (3, 2)
    np.testing.assert_array_equal(pts.y, [0, 1, 1])
    assert pts.y.dtype == np.int64
    assert pts.class_names == ["0", "1"] and pts.n_classes == 2


def test_header_names_features_and_text_labels_become_indices():
    pts = parse("height,weight,species\n1,2,dog\n3,4,cat\n5,6,dog\n7,8,bird\n")
    assert pts.feature_names == ("height", "weight")
    assert pts.class_names == ["bird", "cat", "dog"]
    np.testing.assert_array_equal(pts.y, [2, 1, 2, 0])
    assert pts.X.shape == (4, 2)


def test_signed_and_float_integer_labels_sort_numerically():
    pts = parse("0,0,1\n1,1,-1\n2,2,10.0\n3,3,2\n")
    assert pts.class_names == ["-1", "1", "2", "10"]
    np.testing.assert_array_equal(pts.y, [1, 0, 3, 2])


def test_bom_semicolons_quotes_whitespace_and_blank_lines():
    data = '\ufeff"a";"b";"c"\n 1.5 ; 2 ; 0 \n\n3;4;1\n'.encode("utf-8")
    pts = parse_labelled_points(data)
    np.testing.assert_array_equal(pts.X, [[1.5, 2], [3, 4]])
    np.testing.assert_array_equal(pts.y, [0, 1])


def test_tab_separated_and_crlf():
    pts = parse("1\t2\tyes\r\n3\t4\tno\r\n")
    assert pts.class_names == ["no", "yes"]
    np.testing.assert_array_equal(pts.y, [1, 0])


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("  \n\n", "empty"),
    ("x1,x2,label\n", "no points"),
    ("1,2\n3,4\n", "2 column"),
    ("1,2,0\n3,4,1,9\n", "Line 2 has 4 column"),
    ("1,2,0\n3,abc,1\n", "Line 2, column 2: 'abc' is not a number"),
    ("1,2,0\n,4,1\n", "empty cell"),
    ("1,2,0\nnan,4,1\n", "not a finite number"),
    ("1,2,0\n3,inf,1\n", "not a finite number"),
    ("1,2,0\n3,4,\n", "Line 2 has no label"),
    ("1,2,0\n3,4,nan\n", "no label"),
    ("1,2,1\n3,4,1\n", "at least 2 classes"),
    ("1,2,0.5\n3,4,1\n", "not a whole number"),
    ("1,2,0\n3,4e7,1\n", "Rescale"),
])
def test_malformed_files_raise_clear_errors(text, words):
    with pytest.raises(DataError, match=words.replace("(", r"\(")):
        parse(text)


def test_not_utf8():
    with pytest.raises(DataError, match="not UTF-8.*CSV UTF-8"):
        parse_labelled_points("1,2,caf\xe9\n3,4,b\n".encode("latin-1"))


def test_too_many_classes():
    text = "".join(f"{i},{i},{i}\n" for i in range(11))
    with pytest.raises(DataError, match="11 classes; the limit is 10"):
        parse(text)
    assert parse(text, max_classes=11).n_classes == 11


def test_too_many_rows():
    text = "".join(f"{i},{i},{i % 2}\n" for i in range(21))
    with pytest.raises(DataError, match="21 points; the limit is 20"):
        parse(text, max_rows=20)
    assert len(parse(text, max_rows=21).y) == 21


def test_too_many_bytes():
    data = ("1,2,0\n3,4,1\n" * 100).encode()
    with pytest.raises(DataError, match="limit is"):
        parse_labelled_points(data, max_bytes=len(data) - 1)
    assert len(parse_labelled_points(data, max_bytes=len(data)).y) == 200


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)
