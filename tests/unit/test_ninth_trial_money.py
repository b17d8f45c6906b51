"""A ninth trial's money misread in silence (Dynamics 365's currency names, Close's cents, Capsule's value per period,
SugarCRM's currency ids, company-currency amounts the refusal never named): each written small and counted by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.numbers import currency_code_of
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_of(tmp_path, text, kind="deals"):
    return load_mapping(write(tmp_path, f"{kind}.toml", text))[kind]


def proposed(tmp_path, path, kind="deals"):
    """The mapping `map` proposes for a file, written as a mapping file and read back."""
    p = proposal_for(kind, stage_file(path), {})
    toml = tmp_path / f"{path.stem}.toml"
    toml.write_text(to_toml({kind: p.mapping}, {kind: p.reasons}), encoding="utf-8")
    return load_mapping(toml)[kind]


def statuses(con):
    """(status, deals, amount) per status."""
    return con.execute("select status, count(*), sum(amount) from deals group by 1 order by 1").fetchall()


# --- 1. Dynamics 365 names each row's currency ("Euro", "US Dollar"), not its ISO code


DYNAMICS_MAPPING = (
    '[deals.columns]\ndeal_id = "(Do Not Modify) Opportunity"\nstatus = "Status"\namount = "Est. Revenue"\n'
    'created_at = "Created On"\nclosed_at = "Actual Close Date"\n'
    '[deals.one_currency]\ncode = ["Currency"]\n'
    '[deals.values.status]\n"Won" = "won"\n"Lost" = "lost"\n"Open" = "open"\n'
)


def dynamics_workbook(path, rows):
    """An opportunities sheet as Dynamics 365 exports it: its money formatted "$"#,##0.00 whatever each row's
    currency, which its Currency column names."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["(Do Not Modify) Opportunity", "Topic", "Est. Revenue", "Status", "Actual Close Date", "Created On"])
    sheet.cell(1, 7, "Currency")
    for i, (guid, revenue, status, closed, created, currency) in enumerate(rows, start=2):
        sheet.append([guid, f"topic {i}", revenue, status, closed, created, currency])
        sheet.cell(i, 3).number_format = '"$"#,##0.00'
    book.save(path)
    return path


EUROS = [
    ("7514e932", 20000, "Won", datetime(2024, 3, 29), datetime(2024, 3, 2, 10), "Euro"),
    ("49da2772", 15000, "Open", None, datetime(2024, 3, 5, 11), "Euro"),
    ("f89f05fa", 12000, "Won", datetime(2024, 3, 31), datetime(2024, 3, 8, 9), "Euro"),
]
DOLLARS = [
    ("2f8cdca1", 25000, "Won", datetime(2024, 3, 27), datetime(2024, 3, 1, 9), "US Dollar"),
    ("2d3e581d", 8000, "Lost", datetime(2024, 3, 19), datetime(2024, 3, 6, 14), "US Dollar"),
]


def test_a_currency_column_of_names_states_the_currency_and_refuses_another_stored(empty_con, tmp_path):
    mapping = mapping_of(tmp_path, DYNAMICS_MAPPING)
    euros = dynamics_workbook(tmp_path / "dynamics_euro.xlsx", EUROS)
    report = import_files(empty_con, "deals", [euros], mapping=mapping)
    # "Euro" is EUR, over the sheet's "$" format (the export's, for every row): recorded and said. Was: no currency,
    # the euros shown as dollars. By hand: won 20,000 + 12,000; open 15,000
    assert report.currency == "EUR"
    assert "dynamics_euro.xlsx: amounts in EUR (column 'Currency', written 'Euro')" in report.notes
    assert store.currency(empty_con) == "EUR"
    assert statuses(empty_con) == [("open", 1, 15000.0), ("won", 2, 32000.0)]
    # the dollars appended are refused as an ISO code's would be (was: 32,000 + 25,000 added up as one currency)
    dollars = dynamics_workbook(tmp_path / "dynamics_usd.xlsx", DOLLARS)
    with pytest.raises(ImportRefused, match=r"amounts are in USD \(column 'Currency', written 'US Dollar'\), but the "):
        import_files(empty_con, "deals", [dollars], mapping=mapping, mode="append")
    assert statuses(empty_con) == [("open", 1, 15000.0), ("won", 2, 32000.0)]


def test_currency_names_are_their_iso_codes():
    named = {
        "Euro": "EUR",
        "EUROS": "EUR",
        "US Dollar": "USD",
        "U.S. dollars": "USD",
        "usd": "USD",
        "Pound Sterling": "GBP",
        "British Pounds": "GBP",
        "Japanese Yen": "JPY",
        "Canadian Dollars": "CAD",
        "Australian dollar": "AUD",
        "Swiss Francs": "CHF",
        "Indian Rupee": "INR",
        "Brazilian Reais": "BRL",
        "Mexican Pesos": "MXN",
        "USD - US Dollar": "USD",
        "Euro (EUR)": "EUR",
        "€": "EUR",
    }
    assert {text: currency_code_of(text) for text in named} == named
    # a name of several currencies, a code beside another's name, an id: none
    for text in ("Dollar", "Peso", "EUR - US Dollar", "-99", "Bitcoin", ""):
        assert currency_code_of(text) is None, text


MAPPED_CSV = (
    '[deals.columns]\ndeal_id = "Id"\nstatus = "Status"\namount = "Amount"\ncreated_at = "Created"\n'
    'closed_at = "Closed"\n[deals.one_currency]\ncode = ["Currency"]\n'
)


def test_a_file_of_two_named_currencies_is_refused_with_advice_that_leads_somewhere(empty_con, tmp_path):
    text = "Id,Status,Amount,Currency,Created,Closed\n"
    text += "d1,won,20000,Euro,2024-03-02,2024-03-29\nd2,won,12000,Euro,2024-03-08,2024-03-31\n"
    text += "d3,won,25000,US Dollar,2024-03-01,2024-03-27\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [write(tmp_path, "d.csv", text)], mapping=mapping_of(tmp_path, MAPPED_CSV))
    said = str(refused.value)
    assert "several currencies (column 'Currency': Euro (EUR) 2 rows, US Dollar (USD) 1 row)" in said
    # the line that settles it, and no advice to import each currency on its own (the second would be refused)
    assert 'converted = ["<its column>"] under [deals.one_currency]' in said
    assert "or import the deals of one currency only" in said and "on their own" not in said
    # two spellings of one currency are one: 20,000 + 12,000 + 1,000 in EUR
    text = "Id,Status,Amount,Currency,Created,Closed\n"
    text += "d1,won,20000,Euro,2024-03-02,2024-03-29\nd2,won,12000,EUR,2024-03-08,2024-03-31\n"
    text += "d3,won,1000,euros,2024-03-01,2024-03-27\n"
    report = import_files(
        empty_con, "deals", [write(tmp_path, "e.csv", text)], mapping=mapping_of(tmp_path, MAPPED_CSV)
    )
    assert report.currency == "EUR"
    assert statuses(empty_con) == [("won", 3, 33000.0)]


def test_a_currency_no_code_or_name_known_is_warned_of_and_can_be_named(empty_con, tmp_path):
    text = "Id,Status,Amount,Currency,Created,Closed\nd1,won,500,Lev,2024-03-02,2024-03-29\n"
    text += "d2,won,700,Lev,2024-03-08,2024-03-31\n"
    path = write(tmp_path, "lev.csv", text)
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, MAPPED_CSV))
    # not ignored in silence: named, with the line that states it
    assert report.currency is None
    [alert] = [a for a in report.alerts if "'Lev'" in a]
    assert "no ISO code or currency name known here" in alert
    assert '"Lev" = "<its ISO code, such as EUR>" under [deals.currency_names]' in alert
    stated = mapping_of(tmp_path, MAPPED_CSV + '[deals.currency_names]\n"Lev" = "BGN"\n')
    report = import_files(empty_con, "deals", [path], mapping=stated)
    assert report.currency == "BGN"
    assert not [a for a in report.alerts if "'Lev'" in a]


# --- 2. Close writes its amounts in cents, with or without value_formatted beside them

CLOSE_OPPS = (
    "id,lead_id,status_label,status_type,confidence,value,value_period,value_currency,expected_value,"
    "annualized_value,annualized_expected_value,date_won,date_created\n"
    "oppo_1a,lead_b1,Demo Completed,active,50,1200000,one_time,USD,600000,1200000,600000,,"
    "2024-03-10T10:00:00.000000+00:00\n"
    "oppo_2a,lead_c1,Won,won,100,50000,monthly,USD,50000,600000,600000,2024-03-25,2024-03-12T10:00:00.000000+00:00\n"
    "oppo_3a,lead_g1,Won,won,100,2400000,annual,USD,2400000,2400000,2400000,2024-03-28,"
    "2024-03-14T10:00:00.000000+00:00\n"
    "oppo_4a,lead_e1,Lost,lost,0,800000,one_time,USD,0,800000,0,2024-03-16,2024-03-15T10:00:00.000000+00:00\n"
    "oppo_5a,lead_g1,Won,won,100,350050,one_time,USD,350050,350050,350050,2024-03-29,"
    "2024-03-20T10:00:00.000000+00:00\n"
)


def close_mapping(tmp_path, amount="value", extra=""):
    return mapping_of(
        tmp_path,
        f'[deals]\n{extra}[deals.columns]\ndeal_id = "id"\nstatus = "status_type"\ncreated_at = "date_created"\n'
        f'closed_at = "date_won"\namount = "{amount}"\n[deals.one_currency]\ncode = ["value_currency"]\n'
        '[deals.values.status]\n"active" = "open"\n',
    )


def test_close_s_export_without_value_formatted_is_read_in_cents_and_said(empty_con, tmp_path):
    path = write(tmp_path, "close_opps.csv", CLOSE_OPPS)
    report = import_files(empty_con, "deals", [path], mapping=close_mapping(tmp_path))
    # by hand: won 500.00 + 24,000.00 + 3,500.50 = 28,000.50 (was 2,800,050); open 12,000; lost 8,000
    assert statuses(empty_con) == [("lost", 1, 8000.0), ("open", 1, 12000.0), ("won", 3, 28000.5)]
    [(_, _, how)] = [f for f in report.formats if f[1] == "value"]
    assert how.startswith("cents (Close exports amounts in cents: 1200000 is 12,000), divided by 100")
    assert "amount_in_cents = false under [deals]" in how
    # a month's value is still one period's, and said
    assert any("recurring value (column 'value_period': monthly 1)" in a for a in report.alerts)
    # Close's annualised amounts are cents too: 6,000 + 24,000 + 3,500.50 won
    import_files(empty_con, "deals", [path], mapping=close_mapping(tmp_path, "annualized_value"))
    assert statuses(empty_con)[2] == ("won", 3, 33500.5)


def test_a_mapping_says_whether_amounts_are_in_cents(empty_con, tmp_path):
    path = write(tmp_path, "close_opps.csv", CLOSE_OPPS)
    import_files(empty_con, "deals", [path], mapping=close_mapping(tmp_path, extra="amount_in_cents = false\n"))
    assert statuses(empty_con)[2] == ("won", 3, 2800050.0)
    # a file that is no Close export is read as written, unless the mapping says its amounts are cents
    other = write(tmp_path, "other.csv", "id,status,value,created\nd1,won,125050,2024-03-01\n")
    plain = '[deals.columns]\ndeal_id = "id"\nstatus = "status"\namount = "value"\ncreated_at = "created"\n'
    import_files(empty_con, "deals", [other], mapping=mapping_of(tmp_path, plain))
    assert statuses(empty_con) == [("won", 1, 125050.0)]
    report = import_files(
        empty_con, "deals", [other], mapping=mapping_of(tmp_path, "[deals]\namount_in_cents = true\n" + plain)
    )
    assert statuses(empty_con) == [("won", 1, 1250.5)]
    assert report.formats[-1][2].startswith("cents, as the mapping says (amount_in_cents = true: 125050 is 1,250.5)")
    # the formatted twin still decides where it can: "$12,000" beside 1200000 is cents, not 120
    fmt = CLOSE_OPPS.replace("value_currency,", "value_currency,value_formatted,").replace(",USD,", ',USD,"$1",')
    fmt = fmt.replace('1200000,one_time,USD,"$1"', '1200000,one_time,USD,"$12,000"')
    fmt = fmt.replace('50000,monthly,USD,"$1"', "50000,monthly,USD,$500 monthly")
    fmt = fmt.replace('2400000,annual,USD,"$1"', '2400000,annual,USD,"$24,000"')
    fmt = fmt.replace('800000,one_time,USD,"$1"', '800000,one_time,USD,"$8,000"')
    fmt = fmt.replace('350050,one_time,USD,"$1"', '350050,one_time,USD,"$3,500.50"')
    import_files(empty_con, "deals", [write(tmp_path, "fmt.csv", fmt)], mapping=close_mapping(tmp_path))
    assert statuses(empty_con) == [("lost", 1, 8000.0), ("open", 1, 12000.0), ("won", 3, 28000.5)]
    # a mapping that says otherwise than the twin shows is refused
    with pytest.raises(ImportRefused, match=r"amount_in_cents = false under \[deals\], but 'value_formatted' shows"):
        import_files(
            empty_con,
            "deals",
            [write(tmp_path, "fmt.csv", fmt)],
            mapping=close_mapping(tmp_path, extra="amount_in_cents = false\n"),
        )


# --- 3. Capsule's value is per period of its Duration Basis, for Duration periods

CAPSULE = (
    "Id,Name,Milestone,Value,Currency,Duration Basis,Duration,Closed On,Created\n"
    "8812001,Website retainer,Won,500.00,GBP,Month,12,28/03/2024,04/03/2024\n"
    "8812002,Annual licence,Won,9000.00,GBP,Year,2,14/03/2024,01/03/2024\n"
    "8812003,Setup project,Won,4000.00,GBP,Fixed,,21/03/2024,05/03/2024\n"
    "8812004,Support hours,Proposal,75.00,GBP,Hour,40,,11/03/2024\n"
    "8812005,Consulting,Lost,1200.00,GBP,Week,6,22/03/2024,06/03/2024\n"
    "8812006,Training days,Won,800.00,GBP,Day,5,26/03/2024,13/03/2024\n"
)
CAPSULE_MAPPING = (
    '[deals.columns]\ndeal_id = "Id"\nstatus = "Milestone"\namount = "Value"\ncreated_at = "Created"\n'
    'closed_at = "Closed On"\n[deals.one_currency]\ncode = ["Currency"]\n'
    '[deals.values.status]\n"Won" = "won"\n"Lost" = "lost"\n"*" = "open"\n'
)


def test_capsule_s_value_per_period_is_stored_times_its_duration(empty_con, tmp_path):
    mapping = mapping_of(tmp_path, CAPSULE_MAPPING)
    report = import_files(empty_con, "deals", [write(tmp_path, "capsule.csv", CAPSULE)], mapping=mapping)
    # by hand: won 500 × 12 + 9,000 × 2 + 4,000 (Fixed) + 800 × 5 = 32,000 (was 14,300); open 75 × 40 = 3,000 (was
    # 75); lost 1,200 × 6 = 7,200
    assert statuses(empty_con) == [("lost", 1, 7200.0), ("open", 1, 3000.0), ("won", 4, 32000.0)]
    assert report.currency == "GBP"
    [note] = [n for n in report.notes if "Duration Basis" in n]
    assert note.startswith(
        "capsule.csv: 5 deals have a value per period (column 'Duration Basis': Day 1, Hour 1, Month 1, Week 1, "
        "Year 1): each stored as its 'Value' times its 'Duration'"
    )
    assert not [a for a in report.alerts if "recurring" in a]


def test_a_value_per_period_without_its_duration_is_skipped_or_warned_of(empty_con, tmp_path):
    mapping = mapping_of(tmp_path, CAPSULE_MAPPING)
    # row 1's month has no Duration, row 4's hours 0 and row 5's weeks no number: one period's value is no deal's
    text = CAPSULE.replace(",Month,12,", ",Month,,").replace(",Hour,40,", ",Hour,0,").replace(",Week,6,", ",Week,n/a,")
    report = import_files(empty_con, "deals", [write(tmp_path, "capsule.csv", text)], mapping=mapping)
    assert report.skipped == {"value per period without a duration": 3}
    assert sorted(report.issues["row_number"].tolist()) == [1, 4, 5]
    # won 9,000 × 2 + 4,000 + 800 × 5
    assert statuses(empty_con) == [("won", 3, 26000.0)]
    # without the Duration column the basis is warned of, as Close's value_period is (a year's value is not)
    text = "\n".join(
        ",".join(cell for i, cell in enumerate(line.split(",")) if i != 6) for line in CAPSULE.splitlines()
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "nodur.csv", text + "\n")], mapping=mapping)
    assert any(
        a.startswith(
            "nodur.csv: 4 deals have a recurring value (column 'Duration Basis': Day 1, Hour 1, Month 1, Week 1)"
        )
        for a in report.alerts
    )
    assert statuses(empty_con) == [("lost", 1, 1200.0), ("open", 1, 75.0), ("won", 4, 14300.0)]


# --- 4. SugarCRM: currency_id is -99 (the system currency) or a currency's GUID; amount_usdollar is converted

SUGAR = (
    '"id","name","date_entered","lead_source","amount","amount_usdollar","currency_id","date_closed","sales_stage"\n'
    '"opp-0004","Contoso deal","03/07/2024 10:00am","Cold Call","12000.00","12000.00","-99","03/28/2024",'
    '"Closed Won"\n'
    '"opp-0005","Tailspin deal","03/08/2024 10:00am","Email","9000.00","9765.00",'
    '"a8d5e6f1-5c2b-4d7a-9e1f-0e9b3c2a1d11","03/29/2024","Closed Won"\n'
    '"opp-0008","Proseware deal","03/16/2024 10:00am","Web Site","4000.00","4340.00",'
    '"a8d5e6f1-5c2b-4d7a-9e1f-0e9b3c2a1d11","04/30/2024","Proposal/Price Quote"\n'
    '"opp-0009","Adatum upsell","03/18/2024 10:00am","Existing Customer","3000.00","3000.00","-99","03/27/2024",'
    '"Closed Lost"\n'
)
SUGAR_STATUS = '[deals.values.status]\n"Closed Won" = "won"\n"Closed Lost" = "lost"\n"*" = "open"\n'


def test_sugarcrm_s_currency_ids_are_currencies_and_its_dollar_amount_is_converted(empty_con, tmp_path):
    path = write(tmp_path, "sugarcrm_opportunities.csv", SUGAR)
    mapping = proposed(tmp_path, path)
    assert mapping.columns["amount"] == ("amount_usdollar", "amount")
    assert mapping.one_currency == {"code": ("currency_id",), "converted": ("amount_usdollar",)}
    mapping = replace(
        mapping,
        columns={**mapping.columns, "created_at": ("date_entered",), "status": ("sales_stage",)},
        values={"status": {"closed won": "won", "closed lost": "lost", "*": "open"}},
    )
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    # by hand: won 12,000 + 9,765 (was 12,000 + 9,000 euros); open 4,340; lost 3,000
    assert statuses(empty_con) == [("lost", 1, 3000.0), ("open", 1, 4340.0), ("won", 2, 21765.0)]
    # -99 is the company's currency, whose code the file does not say: said, not assumed
    assert report.currency is None
    [alert] = [a for a in report.alerts if "'-99'" in a]
    assert "SugarCRM's -99 is its system currency" in alert
    named = replace(mapping, currency_names={"-99": "USD"})
    assert import_files(empty_con, "deals", [path], mapping=named).currency == "USD"


def test_sugarcrm_s_own_amounts_in_two_currencies_are_refused_naming_the_converted_one(empty_con, tmp_path):
    path = write(tmp_path, "sugarcrm_opportunities.csv", SUGAR)
    # the trial's mapping: no currency section, the amount in each row's own currency
    own = (
        '[deals.columns]\ndeal_id = "id"\ncreated_at = "date_entered"\nstatus = "sales_stage"\namount = "amount"\n'
        + SUGAR_STATUS
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, own))
    said = str(refused.value)
    assert "(column 'currency_id': -99 2 rows, a8d5e6f1-5c2b-4d7a-9e1f-0e9b3c2a1d11 2 rows)" in said
    assert 'amount = ["amount_usdollar", "amount"] under [deals.columns]' in said
    assert 'converted = ["amount_usdollar"] under [deals.one_currency]' in said
    assert store.scalar(empty_con, "select count(*) from deals") == 0


# --- 5. a company-currency column beside the amount: proposed, and named by the refusal

DYNAMICS_BASE = (
    "(Do Not Modify) Opportunity,Topic,Est. Revenue,Status,Actual Close Date,Actual Revenue,Created On,Currency,"
    "Est. Revenue (Base)\n"
    "2f8cdca1,Contoso ERP,25000,Won,2024-03-27,25000,2024-03-01 09:30,US Dollar,25000\n"
    "7514e932,Fabrikam CRM,20000,Won,2024-03-29,20000,2024-03-02 10:00,Euro,21700\n"
    "49da2772,Adatum upgrade,15000,Open,,,2024-03-05 11:00,Euro,16275\n"
    "2d3e581d,Litware pilot,8000,Lost,2024-03-19,0,2024-03-06 14:00,US Dollar,8000\n"
    "3c5d3eb7,Proseware svc,5000,Lost,2024-03-22,0,2024-03-07 08:00,US Dollar,5000\n"
    "f89f05fa,Northwind add-on,12000,Won,2024-03-31,12500,2024-03-08 09:00,Euro,13020\n"
    "1af9dd4f,Tailspin ext,30000,Open,,,2024-03-12 09:00,US Dollar,30000\n"
    "101af8b6,Wingtip deal,10000,Won,2024-03-26,10000,2024-03-13 09:00,US Dollar,10000\n"
)


def test_dynamics_base_revenue_is_proposed_as_converted_and_named_when_refused(empty_con, tmp_path):
    path = write(tmp_path, "dynamics_base.csv", DYNAMICS_BASE)
    # the trial's mapping reads each deal's own currency: refused, naming the lines that read the base amount
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, DYNAMICS_MAPPING))
    said = str(refused.value)
    assert "this file has 'Est. Revenue (Base)', the amount in the company's currency" in said
    assert 'amount = ["Est. Revenue (Base)", "Est. Revenue"] under [deals.columns]' in said
    assert 'converted = ["Est. Revenue (Base)"] under [deals.one_currency]' in said
    mapping = proposed(tmp_path, path)
    assert mapping.one_currency == {"code": ("Currency",), "converted": ("Est. Revenue (Base)",)}
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    # by hand, in the base currency: won 25,000 + 21,700 + 13,020 + 10,000 = 69,720; open 16,275 + 30,000 =
    # 46,275; lost 8,000 + 5,000. The company's currency is the one whose rows' base amount is their own: USD
    assert statuses(empty_con) == [("lost", 2, 13000.0), ("open", 2, 46275.0), ("won", 4, 69720.0)]
    assert report.currency == "USD"
    # the base column mapped as the amount alone is converted by its name: the same counts
    base_only = DYNAMICS_MAPPING.replace('amount = "Est. Revenue"', 'amount = "Est. Revenue (Base)"')
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, base_only))
    assert statuses(empty_con) == [("lost", 2, 13000.0), ("open", 2, 46275.0), ("won", 4, 69720.0)]
    assert report.currency == "USD"


FRESHSALES = (
    "Name,Amount,Currency,Base currency amount,Deal stage,Sales owner,Closed date,Created at\n"
    "Acme rollout,1000000,INR,12000,Won,Priya Shah,2024-03-28,2024-03-06\n"
    "Globex pilot,5000,USD,5000,Negotiation,Priya Shah,,2024-03-07\n"
    "Initech suite,20000,USD,20000,Won,Arjun Rao,2024-03-29,2024-03-08\n"
    "Umbrella,250000,INR,3000,Lost,Arjun Rao,2024-03-20,2024-03-11\n"
    "Hooli,8000,USD,8000,Demo,Priya Shah,,2024-03-12\n"
)


def test_freshsales_base_currency_amount_is_proposed_as_converted(empty_con, tmp_path):
    path = write(tmp_path, "freshsales_deals.csv", FRESHSALES)
    mapping = proposed(tmp_path, path)
    assert mapping.columns["amount"] == ("Base currency amount", "Amount")
    assert mapping.one_currency == {"code": ("Currency",), "converted": ("Base currency amount",)}
    mapping = replace(mapping, columns={**mapping.columns, "deal_id": ("Name",)})
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    # by hand: won 12,000 + 20,000 = 32,000 (not 1,000,000 rupees + 20,000 dollars); open 5,000 + 8,000; lost 3,000
    assert statuses(empty_con) == [("lost", 1, 3000.0), ("open", 2, 13000.0), ("won", 2, 32000.0)]
    assert report.currency == "USD"
    # each deal's own amount alone: refused, naming the base column and the lines that read it
    own = replace(mapping, columns={**mapping.columns, "amount": ("Amount",)}, one_currency={"code": ("Currency",)})
    with pytest.raises(ImportRefused, match=r"this file has 'Base currency amount', the amount in the company's"):
        import_files(empty_con, "deals", [path], mapping=own)
