"""The model file: written atomically, read back as the same model, bad files named."""

from __future__ import annotations

import pytest

from graphkit.errors import InvalidInputError
from graphkit.fit import read_model_file, write_model_file


def test_round_trip_keeps_model_intervals_and_what_it_saw(tmp_path):
    path = tmp_path / "fit.json"
    write_model_file(path, p_strong=0.12, p_weak=0.03, intervals={"p_strong": (0.08, 0.2), "p_weak": (0.02, 0.04)},
                     data={"cascades_file": "train.txt", "fitted_cascades": 365}, evaluation={"auc": 0.7})
    fitted = read_model_file(path)
    assert (fitted.model.p_strong, fitted.model.p_weak) == (0.12, 0.03)
    assert fitted.intervals == {"p_strong": (0.08, 0.2), "p_weak": (0.02, 0.04)}
    assert fitted.document["evaluation"] == {"auc": 0.7}
    assert "365 cascades from train.txt" in fitted.source()
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a JSON model file"),
        ('{"format": "something-else"}', "not a graphkit model file"),
        ('{"format": "graphkit-fit", "version": 99}', "model file version 99"),
        ('{"format": "graphkit-fit", "version": 1, "model": {"p_strong": 0.1}}', "needs p_strong and p_weak"),
        ('{"format": "graphkit-fit", "version": 1, "model": {"p_strong": 1.5, "p_weak": 0.1}}', "p_strong"),
        ('{"format": "graphkit-fit", "version": 1, "model": {"p_strong": 0.1, "p_weak": 0.1}, '
         '"intervals": {"p_weak": [0.1]}}', "interval of p_weak"),
    ],
)
def test_bad_model_files_are_named(tmp_path, text, message):
    path = tmp_path / "fit.json"
    path.write_text(text)
    with pytest.raises(InvalidInputError, match=message) as caught:
        read_model_file(path)
    assert caught.value.path == str(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInputError, match="no such model file"):
        read_model_file(tmp_path / "absent.json")
    with pytest.raises(InvalidInputError):
        write_model_file(tmp_path / "bad.json", p_strong=2.0, p_weak=0.1, intervals={})
