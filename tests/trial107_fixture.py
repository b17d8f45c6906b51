"""Trial 107: a Close (close.com) Leads export and its Opportunities export, by hand (30 leads, 14 opportunities).

Columns as Close writes them (sources: developer.close.com Exports and Leads pages; the closex client's opportunity
fixtures: "value": 50000 beside "value_formatted": "$500", so value is in cents; custom fields exported as
"custom.<name>"): dates with microseconds and +00:00, date_won / date_lost as days, value in cents,
value_formatted "$500 monthly" for a monthly value, annualized_value = 12 × a monthly value.
Hand counts are in /tmp/trial107/NOTES.md and in the tests' comments.
"""

LEAD_HEADER = (
    "id,display_name,status_id,status_label,description,url,date_created,date_updated,created_by_name,"
    "primary_contact_name,primary_contact_title,primary_contact_primary_email,primary_contact_primary_phone,"
    "custom.Lead Source,custom.Lead Owner,custom.Industry"
)
# id, name, status, created (day and time), source, owner, industry
LEAD_ROWS = [
    ("L01", "Acme Corp", "Customer", "2026-01-05T14:03:11.482000", "Website", "Ana Ruiz", "Software"),
    ("L02", "Birch Ltd", "Potential", "2026-01-07T09:15:40.100000", "Referral", "Ben Cole", "Retail"),
    ("L03", "Cobalt Inc", "Bad Fit", "2026-01-09T11:20:05.000000", "Outbound", "Ben Cole", "Retail"),
    ("L04", "Delta LLC", "Qualified", "2026-01-12T16:45:00.250000", "Website", "Ana Ruiz", "Software"),
    ("L05", "Ember GmbH", "Customer", "2026-01-14T08:05:33.900000", "Referral", "Ben Cole", "Software"),
    ("L06", "Fjord AS", "Interested", "2026-01-16T10:10:10.101000", "Webinar", "Ana Ruiz", "Finance"),
    ("L07", "Garnet Co", "Not Interested", "2026-01-20T13:30:00.000000", "Outbound", "Ben Cole", "Retail"),
    ("L08", "Helix SA", "Potential", "2026-01-22T15:00:59.999000", "Website", "", "Finance"),
    ("L09", "Indigo BV", "Qualified", "2026-01-26T12:00:00.000000", "Webinar", "Ana Ruiz", "Software"),
    ("L10", "Jasper Pty", "Canceled", "2026-01-29T17:40:12.345000", "Referral", "Ben Cole", "Finance"),
    ("L11", "Kestrel Labs", "Potential", "2026-02-02T09:00:00.000000", "Website", "Ana Ruiz", "Software"),
    ("L12", "Lumen AG", "Customer", "2026-02-04T10:30:00.500000", "Website", "Ana Ruiz", "Software"),
    ("L13", "Maple Foods", "Interested", "2026-02-06T11:11:11.111000", "Outbound", "Ben Cole", "Retail"),
    ("L14", "Nimbus IO", "Bad Fit", "2026-02-09T14:14:14.140000", "Webinar", "Ana Ruiz", "Software"),
    ("L15", "Onyx Group", "Qualified", "2026-02-11T08:30:00.000000", "Referral", "Ben Cole", "Finance"),
    ("L16", "Pylon Tech", "Potential", "2026-02-13T16:00:00.000000", "", "Ana Ruiz", "Software"),
    ("L17", "Quartz Ltd", "Customer", "2026-02-17T09:45:00.000000", "Outbound", "Ben Cole", "Retail"),
    ("L18", "Raven Media", "Not Interested", "2026-02-19T13:00:00.000000", "Website", "Ana Ruiz", "Retail"),
    ("L19", "Sable Bank", "Interested", "2026-02-23T10:20:30.000000", "Referral", "Ben Cole", "Finance"),
    ("L20", "Tidal Energy", "Potential", "2026-02-26T15:15:15.000000", "Webinar", "Ana Ruiz", "Finance"),
    ("L21", "Umbra Inc", "Qualified", "2026-03-02T09:09:09.000000", "Website", "Ben Cole", "Software"),
    ("L22", "Vertex Co", "Potential", "2026-03-04T11:00:00.000000", "Outbound", "Ana Ruiz", "Retail"),
    ("L23", "Willow Ltd", "Customer", "2026-03-06T14:00:00.000000", "Referral", "Ana Ruiz", "Software"),
    ("L24", "Xenon LLC", "Bad Fit", "2026-03-10T10:00:00.000000", "Website", "Ben Cole", "Retail"),
    ("L25", "Yarrow Farms", "Interested", "2026-03-12T12:30:00.000000", "Webinar", "Ben Cole", "Retail"),
    ("L26", "Zephyr Air", "Potential", "2026-03-16T08:00:00.000000", "Website", "Ana Ruiz", "Finance"),
    ("L27", "Alder Partners", "Qualified", "2026-03-18T16:20:00.000000", "Outbound", "Ana Ruiz", "Finance"),
    ("L28", "Basalt Mining", "Potential", "2026-03-20T09:30:00.000000", "Referral", "Ben Cole", "Retail"),
    ("L29", "Cedar Homes", "Not Interested", "2026-03-24T13:45:00.000000", "Website", "Ana Ruiz", "Retail"),
    ("L30", "Dune Travel", "Potential", "2026-03-27T10:05:00.000000", "Website", "Ben Cole", "Retail"),
]
STATUS_IDS = {
    "Potential": "stat_1potential",
    "Bad Fit": "stat_2badfit",
    "Qualified": "stat_3qualified",
    "Customer": "stat_4customer",
    "Interested": "stat_5interested",
    "Not Interested": "stat_6notinterested",
    "Canceled": "stat_7canceled",
}

OPP_HEADER = (
    "id,lead_id,lead_name,status_id,status_label,status_type,pipeline_name,confidence,value,value_period,"
    "value_currency,value_formatted,annualized_value,expected_value,annualized_expected_value,date_created,"
    "date_updated,date_won,date_lost,user_name,contact_name,note"
)
# id, lead (L.. or an id no lead has), status_label, status_type, confidence, value (cents), period, currency,
# formatted, created, won/lost day, user
OPP_ROWS = [
    ("O01", "L01", "Won", "won", 100, 1200000, "one_time", "USD", "$12,000", "2026-01-08", "2026-02-10", "Ana Ruiz"),
    ("O02", "L05", "Won", "won", 100, 50000, "monthly", "USD", "$500 monthly", "2026-01-20", "2026-02-25", "Ben Cole"),
    ("O03", "L05", "Proposal Sent", "active", 60, 300000, "one_time", "USD", "$3,000", "2026-03-05", "", "Ben Cole"),
    ("O04", "L04", "Demo Completed", "active", 40, 800000, "one_time", "USD", "$8,000", "2026-01-25", "", "Ana Ruiz"),
    ("O05", "L09", "Lost", "lost", 0, 450000, "one_time", "USD", "$4,500", "2026-02-01", "2026-03-02", "Ana Ruiz"),
    (
        "O06",
        "L10",
        "Won",
        "won",
        100,
        2400000,
        "annual",
        "USD",
        "$24,000 annually",
        "2026-02-02",
        "2026-03-03",
        "Ben Cole",
    ),
    ("O07", "L12", "Won", "won", 100, 900000, "one_time", "EUR", "€9,000", "2026-02-10", "2026-03-12", "Ana Ruiz"),
    ("O08", "L15", "Proposal Sent", "active", 60, 1500000, "one_time", "USD", "$15,000", "2026-02-20", "", "Ben Cole"),
    ("O09", "L17", "Won", "won", 100, 700000, "one_time", "USD", "$7,000", "2026-02-25", "2026-03-20", "Ben Cole"),
    ("O10", "L21", "Demo Completed", "active", 40, 600000, "one_time", "USD", "$6,000", "2026-03-09", "", "Ben Cole"),
    ("O11", "L23", "Won", "won", 100, 350000, "one_time", "USD", "$3,500", "2026-03-11", "2026-03-30", "Ana Ruiz"),
    ("O12", "L27", "Lost", "lost", 0, 1000000, "one_time", "USD", "$10,000", "2026-03-22", "2026-03-31", "Ana Ruiz"),
    ("O13", "GONE", "Won", "won", 100, 200000, "one_time", "USD", "$2,000", "2026-02-14", "2026-03-16", "Ana Ruiz"),
    ("O14", "L13", "Lost", "lost", 0, 250000, "one_time", "USD", "$2,500", "2026-02-15", "2026-03-05", "Ben Cole"),
]


def _lead_id(short: str) -> str:
    """Close's lead id for a fixture's short one (lead_ + letters and digits)."""
    return f"lead_{short}xQz8Kd0vT3mWb7Rf"


def _q(cell: str) -> str:
    """A CSV cell, quoted when it holds a comma (as Close's export quotes)."""
    return f'"{cell}"' if "," in cell else cell


def leads_csv() -> str:
    """Close's Leads export of the fixture."""
    names = {short: name for short, name, *_ in LEAD_ROWS}
    lines = [LEAD_HEADER]
    for short, name, status, created, source, owner, industry in LEAD_ROWS:
        first = name.split()[0]
        email = f"{first.lower()}@{name.split()[0].lower()}.example"
        cells = [
            _lead_id(short),
            name,
            STATUS_IDS[status],
            status,
            "",
            "",
            f"{created}+00:00",
            "2026-03-31T18:00:00.000000+00:00",
            "Ana Ruiz",
            f"Pat {first}",
            "CEO",
            email,
            "+1 555 0100",
            source,
            owner,
            industry,
        ]
        lines.append(",".join(_q(c) for c in cells))
    assert len(names) == 30
    return "\n".join(lines) + "\n"


def opportunities_csv() -> str:
    """Close's Opportunities export of the fixture."""
    names = {short: name for short, name, *_ in LEAD_ROWS}
    lines = [OPP_HEADER]
    for oid, lead, label, stype, conf, cents, period, cur, shown, created, ended, user in OPP_ROWS:
        annual = cents * 12 if period == "monthly" else cents
        expected = cents * conf // 100
        cells = [
            f"oppo_{oid}aB9cD8eF7gH6",
            _lead_id(lead),
            names.get(lead, "Orphan Co"),
            f"stat_{label.replace(' ', '').lower()}",
            label,
            stype,
            "Sales",
            str(conf),
            str(cents),
            period,
            cur,
            shown,
            str(annual),
            str(expected),
            str(expected * 12 if period == "monthly" else expected),
            f"{created}T10:00:00.000000+00:00",
            "2026-03-31T18:00:00.000000+00:00",
            ended if stype == "won" else "",
            ended if stype == "lost" else "",
            user,
            "",
            "",
        ]
        lines.append(",".join(_q(c) for c in cells))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    out = Path(sys.argv[1])
    (out / "close_leads.csv").write_text(leads_csv(), encoding="utf-8")
    (out / "close_opportunities.csv").write_text(opportunities_csv(), encoding="utf-8")
