"""Weight soups (training/soup.py): the weighted mean of state dicts (numpy only, no torch)."""

from __future__ import annotations

import numpy as np
import pytest

from training.soup import average


def test_the_soup_is_the_weighted_mean_of_float_weights() -> None:
    a = {"w": np.array([1.0, 3.0], dtype=np.float32), "ids": np.array([0, 1, 2])}
    b = {"w": np.array([3.0, 7.0], dtype=np.float32), "ids": np.array([0, 1, 2])}
    got = average([a, b], [1.0, 3.0])
    np.testing.assert_allclose(got["w"], [2.5, 6.0])
    assert got["w"].dtype == np.float32
    # integer buffers (position ids) are not weights: taken as they are
    np.testing.assert_array_equal(got["ids"], [0, 1, 2])


def test_models_of_other_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in keys"):
        average([{"w": np.zeros(2)}, {"v": np.zeros(2)}], [1.0, 1.0])
