"""Trial 109: a Copper CRM export (copper.com, the Google Workspace CRM): its Leads, People and Opportunities files.

Columns as Copper names its records' default fields (support.copper.com "Default Fields for all Records": a lead's
Status New / Open / Unqualified / Junk, its Source "No Source, Advertising, Cold Call, Email"; an opportunity's
Pipeline, Stage, Status Open / Won / Lost / Abandoned, Value, Currency, Close Date, Win Probability, Loss Reason).
A converted lead leaves the Leads export and is a Person, so both files are imported as leads. Dates M/D/YYYY.
The EUR opportunity (10,000) carries a 'Value USD' column of 11,600, as the currency refusal asks.
Hand counts (tests/unit/test_trial109.py uses them; /tmp/trial109/NOTES.md worked them out):
20 leads (12 leads + 8 people), created Sep 6, Oct 7, Nov 7; owners Ana Ruiz 10, Ben Cole 9, blank 1.
Lead Status New 5, Open 3, Unqualified 2, Junk 2 (4 disqualified). Sources of the leads: Advertising 4, Email 4,
Cold Call 2, No Source 2 (Copper's "none": unknown), the 8 people none: unknown 10.
Opportunities (Abandoned read as lost): open 3 (12,000; 9,000 of the Renewals pipeline, Source No Source; 4,000 of
Uma Jett, in neither file), won 3 (20,000 Email, 8,500 Cold Call, 11,600 Advertising = 40,100), lost 2 (15,000
Price; 5,000 Abandoned); win rate 3 / 5; cycles 31, 35 and 15 days (median 31).
"""

LEADS_CSV = (
    "\n".join(
        [
            (
                "Name,First Name,Last Name,Title,Company,Email,Phone Number,Status,Source,Owner,Value,Tags,City"
                ",State,Country,Date Created,Date Modified"
            ),
            (
                "Ava Stone,Ava,Stone,CTO,Brightline,ava@brightline.io,555-0101,New,Advertising,Ana Ruiz,,webinar"
                ",Austin,TX,United States,9/3/2026,9/3/2026"
            ),
            (
                "Ben Ode,Ben,Ode,VP Sales,Corvid,ben@corvid.com,555-0102,New,Email,Ana Ruiz,2000,,Denver,CO"
                ",United States,9/15/2026,9/20/2026"
            ),
            (
                "Cal Fry,Cal,Fry,Head of IT,Dunmore,cal@dunmore.com,555-0103,Open,Cold Call,Ben Cole,,,Boston,MA"
                ",United States,9/22/2026,10/1/2026"
            ),
            (
                "Dee Hunt,Dee,Hunt,COO,Elmway,dee@elmway.com,555-0104,Open,Advertising,Ben Cole,5000,,Chicago,IL"
                ",United States,10/2/2026,10/12/2026"
            ),
            (
                "Eli Park,Eli,Park,Analyst,Fernhill,eli@fernhill.com,555-0105,Unqualified,Email,Ana Ruiz,,,Miami"
                ",FL,United States,10/6/2026,10/8/2026"
            ),
            "Fay Lim,Fay,Lim,Student,,fay.lim@gmail.com,,Junk,No Source,Ben Cole,,,,,,10/9/2026,10/9/2026",
            (
                "Gus Tan,Gus,Tan,CEO,Granton,gus@granton.com,555-0107,New,Advertising,Ana Ruiz,,,Seattle,WA"
                ",United States,10/20/2026,10/20/2026"
            ),
            (
                "Hal Wu,Hal,Wu,CFO,Harbor,hal@harbor.com,555-0108,Open,Email,Ben Cole,3000,,Portland,OR"
                ",United States,11/2/2026,11/6/2026"
            ),
            (
                "Ivy Roe,Ivy,Roe,Intern,Ironleaf,ivy@ironleaf.com,,Unqualified,Cold Call,Ben Cole,,,Dallas,TX"
                ",United States,11/5/2026,11/7/2026"
            ),
            (
                "Jan Kim,Jan,Kim,Director,Juniper,jan@juniper.com,555-0110,New,No Source,Ana Ruiz,,,Atlanta,GA"
                ",United States,11/12/2026,11/12/2026"
            ),
            "Kai Lo,Kai,Lo,,,kai123@mailinator.com,,Junk,Advertising,Ana Ruiz,,,,,,11/18/2026,11/18/2026",
            (
                "Lea Fox,Lea,Fox,Manager,Kestrel,lea@kestrel.com,555-0112,New,Email,,,,Phoenix,AZ,United States"
                ",11/24/2026,11/24/2026"
            ),
        ]
    )
    + "\n"
)

PEOPLE_CSV = (
    "\n".join(
        [
            (
                "Name,First Name,Last Name,Title,Company,Email,Phone Number,Contact Type,Owner,Tags,City,State"
                ",Country,Date Created,Date Modified"
            ),
            (
                "Max Bell,Max,Bell,CTO,Acme,max@acme.com,555-0201,Potential Customer,Ana Ruiz,,Austin,TX"
                ",United States,9/10/2026,9/20/2026"
            ),
            (
                "Nia Cho,Nia,Cho,VP Ops,Globex,nia@globex.com,555-0202,Current Customer,Ben Cole,,Denver,CO"
                ",United States,9/12/2026,10/15/2026"
            ),
            (
                "Oli Dunn,Oli,Dunn,CIO,Initech,oli@initech.com,555-0203,Current Customer,Ana Ruiz,,Boston,MA"
                ",United States,9/25/2026,11/2/2026"
            ),
            (
                "Pia Eng,Pia,Eng,COO,Umbrella,pia@umbrella.com,555-0204,Potential Customer,Ben Cole,,Chicago,IL"
                ",United States,10/1/2026,11/10/2026"
            ),
            (
                "Quin Ford,Quin,Ford,CEO,Hooli,quin@hooli.com,555-0205,Potential Customer,Ana Ruiz,,Miami,FL"
                ",United States,10/14/2026,11/20/2026"
            ),
            (
                "Rae Gill,Rae,Gill,CFO,Stark,rae@stark.com,555-0206,Current Customer,Ben Cole,,Seattle,WA"
                ",United States,10/28/2026,10/30/2026"
            ),
            (
                "Sam Holt,Sam,Holt,Director,Wayne,sam@wayne.com,555-0207,Potential Customer,Ana Ruiz,,Portland"
                ",OR,United States,11/3/2026,11/3/2026"
            ),
            (
                "Tia Ivy,Tia,Ivy,Head of Ops,Soylent,tia@soylent.de,555-0208,Current Customer,Ben Cole,,Berlin,"
                ",Germany,11/9/2026,11/25/2026"
            ),
        ]
    )
    + "\n"
)

OPPORTUNITIES_CSV = (
    "\n".join(
        [
            (
                "Name,Company,Primary Contact,Pipeline,Stage,Status,Value,Currency,Value USD,Close Date"
                ",Win Probability,Loss Reason,Source,Owner,Priority,Tags,Date Created,Date Modified"
                ",Date Last Stage Change"
            ),
            (
                "Acme - Starter,Acme,Max Bell,Sales Pipeline,Negotiating,Open,12000,USD,12000,,60,,Advertising"
                ",Ana Ruiz,High,,9/20/2026,11/30/2026,11/15/2026"
            ),
            (
                "Globex - Annual,Globex,Nia Cho,Sales Pipeline,Negotiating,Won,20000,USD,20000,10/15/2026,100,"
                ",Email,Ben Cole,High,,9/14/2026,10/15/2026,10/5/2026"
            ),
            (
                "Initech - Pilot,Initech,Oli Dunn,Sales Pipeline,Proposal,Won,8500,USD,8500,11/2/2026,100,"
                ",Cold Call,Ana Ruiz,Medium,,9/28/2026,11/2/2026,10/20/2026"
            ),
            (
                "Umbrella - Suite,Umbrella,Pia Eng,Sales Pipeline,Demo,Lost,15000,USD,15000,11/10/2026,0,Price"
                ",Advertising,Ben Cole,Medium,,10/3/2026,11/10/2026,10/25/2026"
            ),
            (
                "Hooli - Expansion,Hooli,Quin Ford,Sales Pipeline,Qualified,Abandoned,5000,USD,5000,11/20/2026,0"
                ",,Email,Ana Ruiz,Low,,10/16/2026,11/20/2026,10/16/2026"
            ),
            (
                "Stark - Renewal,Stark,Rae Gill,Renewals,Renewal Due,Open,9000,USD,9000,12/31/2026,70,,No Source"
                ",Ben Cole,Medium,,10/30/2026,11/1/2026,10/30/2026"
            ),
            (
                "Soylent - EU rollout,Soylent,Tia Ivy,Sales Pipeline,Negotiating,Won,10000,EUR,11600,11/25/2026"
                ",100,,Advertising,Ben Cole,High,,11/10/2026,11/25/2026,11/20/2026"
            ),
            (
                "Vandelay - Import,Vandelay,Uma Jett,Sales Pipeline,Qualified,Open,4000,USD,4000,,20,,Cold Call"
                ",Ana Ruiz,Low,,11/20/2026,11/22/2026,11/20/2026"
            ),
        ]
    )
    + "\n"
)
