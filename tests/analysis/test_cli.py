"""The analysis command line: CSV in, CSV out, clear errors."""
import csv
import json

import pytest

from app.analysis.cli import main


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ARABIC = [("1", "نطالب بمزيد من الحافلات ليلا نحو المنطقة الصناعية"), ("2", "نُطالب بمزيدٍ من الحافلات ليلاً نحو المنطقة الصناعية"),
          ("3", "إصلاح الإنارة العمومية في الحديقة"), ("4", "تسريع تجديد بطاقة الإقامة"),
          ("5", "دروس اللغة العربية للأطفال في المساء"), ("6", "مزيد من الحافلات في خط الحافلة رقم 12")]


def test_themes_on_arabic_csv(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "body"], ARABIC)
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    assert main(["themes", source, "--text-col", "body", "--k", "2", "-o", str(out), "--report", str(report)]) == 0
    rows = read_csv(out)
    assert [r["id"] for r in rows] == [i for i, _ in ARABIC] and list(rows[0]) == ["id", "theme", "theme_label"]
    themes = json.loads(report.read_text(encoding="utf-8"))["themes"]
    assert len(themes) == 2 and all(t["summary"] and t["labels_by_language"].get("ar") for t in themes)


def test_duplicates_and_triage_on_arabic_csv(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "body"], ARABIC)
    assert main(["duplicates", source, "--text-col", "body", "-o", str(tmp_path / "d.csv")]) == 0
    groups = {r["id"]: r["duplicate_group"] for r in read_csv(tmp_path / "d.csv")}
    assert groups["1"] == groups["2"] != "" and groups["3"] == ""
    assert main(["triage", source, "--text-col", "body", "--city", "sfax", "-o", str(tmp_path / "t.csv")]) == 0
    rows = {r["id"]: r for r in read_csv(tmp_path / "t.csv")}
    assert list(rows["4"]) == ["id", "level", "category", "confidence", "refer_to", "matched_terms", "mixed"]
    assert rows["4"]["level"] == "national" and rows["4"]["refer_to"]
    assert rows["3"]["level"] == "municipal"


def test_opinion_groups_on_a_polis_export(tmp_path, datasets):
    out, report = tmp_path / "g.csv", tmp_path / "g.json"
    folder = datasets / "polis" / "london.youth.policing"
    assert main(["opinion-groups", str(folder), "-o", str(out), "--report", str(report)]) == 0
    rows = read_csv(out)
    assert list(rows[0]) == ["participant", "group"] and len(rows) >= 24
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["groups"] and "consensus" in data and all("text" in s for s in data["consensus"])


def test_opinion_groups_reads_the_wide_file_when_votes_csv_is_absent(tmp_path, datasets):
    source = datasets / "polis" / "london.youth.policing" / "participants-votes.csv"
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "participants-votes.csv").write_bytes(source.read_bytes())
    assert main(["opinion-groups", str(folder), "-o", str(tmp_path / "g.csv")]) == 0
    assert read_csv(tmp_path / "g.csv")


def test_themes_on_barcelona_proposals(tmp_path, datasets):
    source = datasets / "decidim-barcelona-2016" / "decidim_barcelona_pam2016_proposals_part1.csv"
    out = tmp_path / "t.csv"
    assert main(["themes", str(source), "--text-col", "summary", "--k", "12", "-o", str(out)]) == 0
    rows = read_csv(out)
    assert len(rows) == 5430 and len({r["theme"] for r in rows}) == 12


@pytest.mark.parametrize("setup,args,message", [
    (lambda p: write_csv(p, ["id", "body"], [("1", "x")]), ["--text-col", "text"], "no column 'text'"),
    (lambda p: write_csv(p, ["id", "body"], []), ["--text-col", "body"], "empty"),
    (lambda p: write_csv(p, ["id", "body"], [("1", "résumé à Sfax")], encoding="latin-1"), ["--text-col", "body"],
     "not UTF-8"),
])
def test_clear_errors(tmp_path, capsys, setup, args, message):
    source = setup(tmp_path / "in.csv")
    assert main(["themes", source, *args, "-o", str(tmp_path / "o.csv")]) == 2
    assert message in capsys.readouterr().err


def test_unknown_city_and_missing_file(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "body"], [("1", "x")])
    assert main(["triage", source, "--text-col", "body", "--city", "gotham", "-o", str(tmp_path / "o.csv")]) == 2
    assert "no competence map for 'gotham'" in capsys.readouterr().err
    assert main(["duplicates", str(tmp_path / "nope.csv"), "--text-col", "b", "-o", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cities_lists_the_maps(capsys):
    assert main(["cities"]) == 0
    output = capsys.readouterr().out
    assert "vienna" in output and "berlin" in output and "paris" in output


def test_triage_reads_titles_first_and_explains_itself(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "title", "body"], [
        ("1", "Nueva parada de autobús", "El metro queda lejos del barrio."),
        ("2", "Ascensor en la estación de metro de Usera", "Muchas personas mayores no pueden bajar."),
    ])
    out = tmp_path / "t.csv"
    assert main(["triage", source, "--text-col", "body", "--title-col", "title", "--city", "madrid", "--explain",
                 "-o", str(out)]) == 0
    rows = {r["id"]: r for r in read_csv(out)}
    assert list(rows["1"])[:7] == ["id", "level", "category", "confidence", "refer_to", "matched_terms", "mixed"]
    assert rows["1"]["level"] == "municipal" and rows["2"]["level"] == "regional"
    assert rows["2"]["act"] and rows["2"]["reason"] and rows["2"]["refer_to"]
