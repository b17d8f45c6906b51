"""Headers of Russian CRMs (amoCRM/Kommo, Bitrix24), Teamleader in Dutch, Bitrix24's English export and two ad
platforms' day columns are proposed: a trial's files got only a refusal's candidates for them."""

from __future__ import annotations

from dashboard.importers.propose import proposal_for, stage_file


def proposed(tmp_path, kind, text):
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    return {target: names[0] for target, names in proposal_for(kind, stage_file(path), {}).mapping.columns.items()}


def test_an_amocrm_deals_export_in_russian(tmp_path):
    text = (
        "ID;Название;Бюджет;Ответственный;Дата создания;Дата закрытия;Этап сделки;Источник сделки\n"
        "1001;Сделка;150 000;Иван Петров;05.01.2024 10:15:00;20.01.2024 12:00:00;Успешно реализовано;Яндекс\n"
        "1002;Сделка;80 000;Иван Петров;06.01.2024 10:15:00;;Переговоры;Яндекс\n"
    )
    got = proposed(tmp_path, "deals", text)
    assert (got["amount"], got["owner"], got["created_at"], got["closed_at"]) == (
        "Бюджет",
        "Ответственный",
        "Дата создания",
        "Дата закрытия",
    )
    assert (got["stage"], got["source"]) == ("Этап сделки", "Источник сделки")


def test_a_teamleader_deals_export_in_dutch(tmp_path):
    text = (
        "ID;Titel;Verantwoordelijke;Fase;Waarde;Bron;Aangemaakt op;Gesloten op;Status\n"
        "1;Deal;Jan;Offerte;1000;Website;2024-01-05;2024-02-01;Gewonnen\n"
        "2;Deal;Jan;Offerte;500;Website;2024-01-06;;Open\n"
    )
    got = proposed(tmp_path, "deals", text)
    assert (got["amount"], got["source"], got["created_at"], got["closed_at"], got["owner"]) == (
        "Waarde",
        "Bron",
        "Aangemaakt op",
        "Gesloten op",
        "Verantwoordelijke",
    )


def test_bitrix24_english_income_vtiger_ids_and_ad_days(tmp_path):
    assert proposed(tmp_path, "deals", "ID,Stage,Income,Created\n1,Won,100,2024-01-05\n")["amount"] == "Income"
    vtiger = "Opportunity No,Opportunity Name,Sales Stage,Amount,Created Time\nPOT1,A,Closed Won,100,2024-01-05\n"
    assert proposed(tmp_path, "deals", vtiger)["deal_id"] == "Opportunity No"
    x_ads = "Time period,Campaign name,Spend\n2024-03-01,Brand,100\n"
    assert proposed(tmp_path, "spend", x_ads)["month"] == "Time period"
