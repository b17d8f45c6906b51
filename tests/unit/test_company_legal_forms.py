"""Company names as accounts across legal forms of many countries: a form of several words, one written before the
name, one glued to it in Japanese or Chinese; each name below is the account of its plain form, written by hand."""

from __future__ import annotations

import functools

import duckdb
import pytest

from dashboard import store
from dashboard.importers.accounts import legal_forms
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping


@functools.cache
def _macros() -> duckdb.DuckDBPyConnection:
    return store.connect(":memory:")


def company(name: str) -> str | None:
    sql = "select company_account($v, $legal_suffixes, $legal_prefixes, $legal_glued)"
    return _macros().execute(sql, {"v": name, **legal_forms()}).fetchone()[0]


@pytest.mark.parametrize(
    ("name", "account"),
    [
        ("Acme Ltda", "acme"),
        ("ACME LTDA.", "acme"),
        ("Beta S/A", "beta"),
        ("Beta S.A.", "beta"),
        ("Delta EIRELI", "delta"),
        ("Kovács Kft.", "kovács"),
        ("Nowak Sp. z o.o.", "nowak"),
        ("Nowak SP. Z O.O.", "nowak"),
        ("Peeters BVBA", "peeters"),
        ("Peeters bv", "peeters"),
        ("Grupo Bimbo, S.A.B. de C.V.", "grupo bimbo"),
        ("Tacos S.A. de C.V.", "tacos"),
        ("Novo A/S", "novo"),
        ("Müller UG (haftungsbeschränkt)", "müller"),
        ("ООО «Ромашка»", "ромашка"),
        ("ООО Ромашка", "ромашка"),
        ("ИП Иванов", "иванов"),
        ("株式会社山田", "山田"),
        ("山田株式会社", "山田"),
        ("(株)山田", "山田"),
        ("山田有限公司", "山田"),
        ("Infosys Private Limited", "infosys"),
        # a word that merely is a form's word stays: "Z" alone is no form, nor is "Private" alone
        ("Generation Z", "generation z"),
        ("Acme Private", "acme private"),
        ("株式会社", None),
    ],
)
def test_legal_forms_of_many_countries_are_dropped(name, account):
    assert company(name) == account


def test_a_lead_list_of_names_with_and_without_their_legal_forms_counts_each_company_once(empty_con, tmp_path):
    # ten companies, each written with its legal form and without: 20 leads, 10 accounts (was 17: Beta, Gama, Delta,
    # Ромашка, Peeters, Kovács and Nowak split)
    names = [
        ("Acme Ltda", "Acme"),
        ("Beta S/A", "Beta S.A."),
        ("Gama Ltda.", "Gama"),
        ("Delta EIRELI", "Delta"),
        ("ООО «Ромашка»", "Ромашка"),
        ("Peeters BVBA", "Peeters bv"),
        ("Kovács Kft.", "Kovács"),
        ("Nowak Sp. z o.o.", "Nowak"),
        ("株式会社山田", "山田"),
        ("Infosys Pvt Ltd", "Infosys"),
    ]
    rows = [name for pair in names for name in pair]
    text = "lead_id,created_at,company\n" + "".join(f"L{i},2024-03-01,{n}\n" for i, n in enumerate(rows))
    (tmp_path / "leads.csv").write_text(text, encoding="utf-8")
    (tmp_path / "m.toml").write_text(
        '[leads]\naccount_from = "company"\n[leads.columns]\nlead_id = "lead_id"\ncreated_at = "created_at"\n'
        'account_id = "company"\n',
        encoding="utf-8",
    )
    mapping = load_mapping(tmp_path / "m.toml")["leads"]
    import_files(empty_con, "leads", [tmp_path / "leads.csv"], mapping=mapping)
    assert empty_con.execute("select count(distinct account_id), count(*) from leads").fetchone() == (10, 20)
