# ruff: noqa: E501 (the rows as the exports write them, one line each)
"""Trial 110: a Zendesk Sell (formerly Base CRM) account's three exports, written by hand as Sell writes them.

Leads that were never converted (Status New, Working or Unqualified), Contacts (the leads converted by sales: Sell turns
a qualified lead into a contact and a deal) and Deals (default pipeline: Incoming, Qualified, Quote, Closure open; Won,
Lost, Unqualified closed). Timestamps are written "YYYY-MM-DD HH:MM:SS UTC"; a deal names its primary contact by name
in 'Contact'; 'Last Stage Change At' is when it entered its current stage. Deal 3005 is in EUR, deal 3009's contact
(Quinn Adler) is in no file, open deal 3006's estimated close date (20 Nov) is past, values carry a thousands ','.
Hand counts (USD deals only, Unqualified read as lost): won 3001 12,500 (closed 14 Oct), 3002 4,800 (30 Oct),
3009 15,000 (20 Nov); lost 3003 (25 Oct, loss reason), 3004 (Unqualified, 10 Oct); open 3006, 3007, 3008.
"""

LEADS_CSV = """\
Id,First Name,Last Name,Company Name,Email,Status,Source,Owner,Tags,Industry,Created At,Updated At
1001,Ana,Silva,Acme Ltd,ana@acme.test,New,Website,Maria Lopez,,Software,2026-09-02 09:15:00 UTC,2026-09-02 09:15:00 UTC
1002,Ben,Ode,Beta GmbH,ben@beta.test,New,Website,Maria Lopez,webinar,Manufacturing,2026-09-30 23:30:00 UTC,2026-10-01 08:00:00 UTC
1003,Cara,Dune,Cobalt Inc,cara@cobalt.test,Working,Referral,Tom Reed,,Software,2026-10-05 14:00:00 UTC,2026-10-09 10:00:00 UTC
1004,Dev,Patel,Delta LLC,dev@delta.test,Working,Cold Call,Tom Reed,,Retail,2026-10-12 11:20:00 UTC,2026-10-20 10:00:00 UTC
1005,Eva,Lind,Epsilon AB,eva@eps.test,Working,Website,Maria Lopez,"webinar, trial",Software,2026-10-20 16:45:00 UTC,2026-11-02 10:00:00 UTC
1006,Finn,Ray,Fjord AS,finn@fjord.test,Unqualified,Cold Call,Tom Reed,,Retail,2026-09-10 10:00:00 UTC,2026-09-15 10:00:00 UTC
1007,Gia,Moss,Gamma SA,gia@gamma.test,Unqualified,Website,Maria Lopez,,Manufacturing,2026-11-03 13:10:00 UTC,2026-11-05 10:00:00 UTC
1008,Hal,Ito,Hikari KK,hal@hikari.test,New,,Tom Reed,,Software,2026-11-15 08:05:00 UTC,2026-11-15 08:05:00 UTC
"""

CONTACTS_CSV = """\
Id,Name,Is Organization,First Name,Last Name,Organization,Email,Customer Status,Prospect Status,Source,Owner,Tags,Created At,Updated At
2001,Ivy Chen,false,Ivy,Chen,Iota Corp,ivy@iota.test,current,none,Website,Maria Lopez,,2026-09-05 10:00:00 UTC,2026-10-14 16:20:00 UTC
2002,Jon Park,false,Jon,Park,Jade Co,jon@jade.test,current,none,Referral,Tom Reed,,2026-09-12 15:30:00 UTC,2026-10-30 09:00:00 UTC
2003,Kim Ng,false,Kim,Ng,Kilo Ltd,kim@kilo.test,none,lost,Website,Maria Lopez,,2026-09-18 12:00:00 UTC,2026-10-25 11:00:00 UTC
2004,Leo Marx,false,Leo,Marx,Lima BV,leo@lima.test,none,none,Cold Call,Tom Reed,,2026-10-01 09:40:00 UTC,2026-10-10 09:00:00 UTC
2005,Mia Roth,false,Mia,Roth,Mike GmbH,mia@mike.test,current,none,Referral,Maria Lopez,,2026-10-08 10:10:00 UTC,2026-11-12 10:00:00 UTC
2006,Ned Kahn,false,Ned,Kahn,Nova Inc,ned@nova.test,none,current,Website,Tom Reed,,2026-10-15 17:25:00 UTC,2026-11-01 10:00:00 UTC
2007,Ola Berg,false,Ola,Berg,Oscar AS,ola@oscar.test,none,current,Cold Call,Maria Lopez,,2026-10-22 08:50:00 UTC,2026-10-23 10:00:00 UTC
2008,Pia Holm,false,Pia,Holm,Papa AB,pia@papa.test,none,current,Website,Tom Reed,,2026-11-02 11:00:00 UTC,2026-11-03 10:00:00 UTC
"""

DEALS_CSV = """\
Id,Name,Contact,Organization,Stage,Value,Currency,Estimated Close Date,Last Stage Change At,Source,Loss Reason,Unqualified Reason,Owner,Hot,Tags,Created At,Updated At
3001,Chen - Platform,Ivy Chen,Iota Corp,Won,"12,500.00",USD,2026-10-15,2026-10-14 16:20:00 UTC,Website,,,Maria Lopez,true,,2026-09-06 10:00:00 UTC,2026-10-14 16:20:00 UTC
3002,Park - Pilot,Jon Park,Jade Co,Won,4800,USD,2026-10-31,2026-10-30 09:00:00 UTC,Referral,,,Tom Reed,false,,2026-09-13 09:00:00 UTC,2026-10-30 09:00:00 UTC
3003,Ng - Seats,Kim Ng,Kilo Ltd,Lost,"7,200.00",USD,2026-10-30,2026-10-25 11:00:00 UTC,Website,Went with competitor,,Maria Lopez,false,,2026-09-19 12:30:00 UTC,2026-10-25 11:00:00 UTC
3004,Marx - Licences,Leo Marx,Lima BV,Unqualified,"3,000.00",USD,2026-11-30,2026-10-10 09:00:00 UTC,Cold Call,,No budget,Tom Reed,false,,2026-10-02 09:00:00 UTC,2026-10-10 09:00:00 UTC
3005,Roth - EU rollout,Mia Roth,Mike GmbH,Won,"9,000.00",EUR,2026-11-15,2026-11-12 10:00:00 UTC,Referral,,,Maria Lopez,true,,2026-10-09 11:00:00 UTC,2026-11-12 10:00:00 UTC
3006,Kahn - Starter,Ned Kahn,Nova Inc,Quote,"2,400.00",USD,2026-11-20,2026-11-01 10:00:00 UTC,Website,,,Tom Reed,false,,2026-10-16 10:00:00 UTC,2026-11-01 10:00:00 UTC
3007,Berg - Team,Ola Berg,Oscar AS,Qualified,"5,600.00",USD,2026-12-20,2026-10-23 10:00:00 UTC,Cold Call,,,Maria Lopez,false,,2026-10-23 10:00:00 UTC,2026-10-23 10:00:00 UTC
3008,Holm - Trial,Pia Holm,Papa AB,Incoming,"1,200.00",USD,2027-01-15,2026-11-03 10:00:00 UTC,Website,,,Tom Reed,false,,2026-11-03 10:00:00 UTC,2026-11-03 10:00:00 UTC
3009,Adler - Enterprise,Quinn Adler,Quebec Ltd,Won,"15,000.00",USD,2026-11-25,2026-11-20 15:00:00 UTC,Partner,,,Tom Reed,true,,2026-10-28 09:00:00 UTC,2026-11-20 15:00:00 UTC
"""
