"""Closing stages of Russian and Brazilian CRMs read as won or lost (Bitrix24, amoCRM/Kommo, RD Station): accepting
the proposal made every won deal of such an export open, revenue 0."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import deal_status_of, proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Сделка успешна", "won"),  # Bitrix24
        ("Сделка провалена", "lost"),
        ("Успешно реализовано", "won"),  # amoCRM / Kommo
        ("Закрыто и не реализовано", "lost"),
        ("Venda realizada", "won"),  # RD Station
        ("Vendida", "won"),
        ("Perdida", "lost"),
        ("受注済", "won"),
        # a word of them alone names no outcome: open
        ("Успешно", None),
        ("Venda", None),
        ("Сделка", None),
    ],
)
def test_closing_stages_abroad(value, status):
    assert deal_status_of(value) == status


def test_an_rd_station_export_as_proposed_counts_its_sold_deals_won(empty_con, tmp_path):
    # 4 deals: two Vendida (12,500 and 1,200,000), one Em andamento, one Perdida: won 2, revenue 1,212,500
    text = (
        "Nome,Estado,Valor Único,Data de criação,Data de fechamento\n"
        'Acme,Vendida,"R$ 12.500,00",05/01/2024,02/02/2024\n'
        'Beta,Em andamento,"R$ 8.000,00",11/01/2024,\n'
        'Gama,Perdida,"R$ 3.250,50",20/02/2024,13/03/2024\n'
        'Delta,Vendida,"R$ 1.200.000,00",03/03/2024,25/03/2024\n'
    )
    path = tmp_path / "rd.csv"
    path.write_text(text, encoding="utf-8")
    p = proposal_for("deals", stage_file(path), {})
    assert p.mapping.columns["status"] == ("Estado",)
    # the user adds the amount, as the tester did (the proposal leaves it open)
    toml = to_toml({"deals": p.mapping}, {"deals": p.reasons})
    toml = toml.replace("[deals.columns]\n", '[deals.columns]\namount = "Valor Único"\n', 1)
    (tmp_path / "m.toml").write_text(toml, encoding="utf-8")
    mapping = load_mapping(tmp_path / "m.toml")["deals"]
    import_files(empty_con, "deals", [path], mapping=mapping)
    won = "select count(*) filter (where status = 'won'), sum(amount) filter (where status = 'won') from deals"
    got = empty_con.execute(won).fetchone()
    assert got == (2, 1212500.0)
