"""discourse codebook export: the packaged codebook and lexicon, byte for byte, for editing."""

from __future__ import annotations

import pytest

from discourse.cli import main
from discourse.framing import DEFAULT_CODEBOOK, LEXICON_PATH, load_codebook, load_lexicon


def test_export_writes_the_packaged_files(tmp_path, capsys):
    book, lex = tmp_path / "edit" / "my_codebook.yaml", tmp_path / "my_lexicon.yaml"
    assert main(["codebook", "export", str(book), "--lexicon", str(lex)]) == 0
    assert book.read_bytes() == DEFAULT_CODEBOOK.read_bytes()
    assert lex.read_bytes() == LEXICON_PATH.read_bytes()
    err = capsys.readouterr().err
    assert f"--codebook {book}" in err and f"--lexicon {lex}" in err
    # what was written loads as the packaged files do
    assert load_codebook(book).frame_names == load_codebook().frame_names
    assert load_lexicon(lex) is not None


def test_export_keeps_an_existing_file_unless_forced(tmp_path, capsys):
    book = tmp_path / "codebook.yaml"
    book.write_text("my edits\n", encoding="utf-8")
    assert main(["codebook", "export", str(book)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert book.read_text(encoding="utf-8") == "my edits\n"
    # the lexicon is checked before anything is written
    lex = tmp_path / "lexicon.yaml"
    lex.write_text("mine\n", encoding="utf-8")
    assert main(["codebook", "export", str(tmp_path / "new.yaml"), "--lexicon", str(lex)]) == 2
    assert not (tmp_path / "new.yaml").exists()
    assert main(["codebook", "export", str(book), "--force"]) == 0
    assert book.read_bytes() == DEFAULT_CODEBOOK.read_bytes()


@pytest.mark.parametrize("case", ["folder", "same"])
def test_export_refuses_a_folder_or_one_file_for_both(tmp_path, capsys, case):
    args = [str(tmp_path)] if case == "folder" else [str(tmp_path / "x.yaml"), "--lexicon", str(tmp_path / "x.yaml")]
    assert main(["codebook", "export", *args]) == 2
    assert "error" in capsys.readouterr().err


def test_codebook_needs_an_action(capsys):
    with pytest.raises(SystemExit):
        main(["codebook"])
