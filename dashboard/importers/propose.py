"""Propose a mapping for an export from its header and values: a saved mapping or a preset first, then
header names matched by meaning, each choice with the reason for it (the Data page and `map` use it)."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count
from dashboard.importers import accounts, checks, currency, deal_links, numbers, readers, totals
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import (
    DEFAULT_KEY,
    FALSE_VALUES,
    PRESETS,
    PRESETS_DIR,
    ROW_ID,
    TRUE_VALUES,
    KeepCondition,
    TableMapping,
    fit_names,
    is_currency_column,
    likely_converted,
    load_mapping,
    preset_mapping,
    renamed,
    required_columns_of,
    resolve,
    unread_meaning_line,
    unread_meanings,
    value_key,
)
from dashboard.importers.readers import header_key

# (value as the file writes it, rows holding it) of one column
ValueCounts = Sequence[tuple[str, int]]
ValuesOf = Callable[[str], ValueCounts]
# whether one column's values nest in another's (inner, outer): each inner value beside one outer value only, and
# some outer value beside two or more inner ones (states in countries; not sales regions, which hold several)
Nests = Callable[[str, str], bool]
# a column's distinct values (as cleaned) on the rows whose other column holds a value: Beside(column, other, value)
Beside = Callable[[str, str, str], list[str]]

# Header names by meaning, per table, best first, as `header_key` writes them (lower case, letters and digits
# only: "Created Date", "created_date" and "CreatedDate" are all "createddate"). The first column of the file
# that is on a canonical column's list, earliest on the list, fills it; a file column fills one canonical
# column (a deal's stage column fills its status too, through the won/lost value map).
# a record's creation in the interfaces of German, French, Spanish, Portuguese and Italian users (HubSpot's
# "Erstellungsdatum", "Date de création", "Fecha de creación", "Data de criação"; Pipedrive's "Negocio creado")
LOCAL_CREATED: tuple[str, ...] = (
    "erstellungsdatum",
    "erstelltam",
    "datedecreation",
    "fechadecreacion",
    "datadecriacao",
    "datadicreazione",
    "dealerstellt",
    "negociocreado",
    "negociocriado",
    # Dutch HubSpot's "Aanmaakdatum"
    "aanmaakdatum",
    # HubSpot's and Salesforce's Japanese "作成日" (native_key keeps its letters)
    "作成日",
)
# a record's owner in German, French, Spanish, Portuguese and Dutch interfaces ("Deal-Inhaber", "Propriétaire")
LOCAL_OWNER: tuple[str, ...] = (
    "inhaber",
    "dealinhaber",
    "kontaktinhaber",
    "besitzer",
    "proprietaire",
    "propietario",
    "proprietario",
    "responsavel",
    "eigenaar",
    # HubSpot's "Contact owner" and "Deal owner" in French, Spanish, Portuguese and Dutch, Salesforce's "Lead Owner"
    # and "Opportunity Owner" in German, and Japanese HubSpot's "コンタクト担当者" and "取引担当者"
    "proprietaireducontact",
    "proprietairedelatransaction",
    "propietariodelcontacto",
    "propietariodelnegocio",
    "proprietariodocontato",
    "proprietariodonegocio",
    "contacteigenaar",
    "eigenaarvandeal",
    "leadinhaber",
    "opportunityinhaber",
    # German HubSpot's import wording: "Zuständiger Mitarbeiter für Kontakt" / "… für Deal"
    "zustandigermitarbeiterfurkontakt",
    "zustandigermitarbeiterfurdeal",
    "zustandigermitarbeiter",
    "コンタクト担当者",
    "取引担当者",
)
# how exports name a row's creation, leads and deals alike (each table adds its own after these)
CREATED: tuple[str, ...] = (
    "createdat",
    "createddate",
    "createdate",
    "datecreated",
    "createdon",
    "creationdate",
    "createdtime",
    "created",
    # Zendesk Sell's "Added On", Bitrix24's DATE_CREATE
    "addedon",
    "datecreate",
)
# a contact's company id in HubSpot's new exports ("Record ID - Company") and its "Associated Company ID" in German,
# French, Spanish, Portuguese, Dutch and Japanese
ASSOCIATED_COMPANY_IDS: tuple[str, ...] = (
    "recordidcompany",
    "zugeordneteunternehmensid",
    "iddentrepriseassociee",
    "iddeempresaasociada",
    "iddaempresaassociada",
    "gekoppeldebedrijfsid",
    "関連付けられた会社のid",
)
# Pipedrive's organization (its word for a company) by its id, as header_key writes "Organization - ID"; a person's or
# deal's organization by its name ("Person - Organization", "Deal - Organization": organization after the object's
# name), read with account_from = "company" (ACCOUNT_NAME_HEADERS)
ORGANIZATION_IDS: tuple[str, ...] = ("organizationid", "organisationid", "orgid")
ORGANIZATION_NAMES: tuple[str, ...] = ("organization", "organisation", "organizationname", "organisationname", "org")
PIPEDRIVE_ORGANIZATIONS: tuple[str, ...] = (*ORGANIZATION_IDS, *ORGANIZATION_NAMES)
# Greek, Turkish, Hebrew, Arabic, Traditional Chinese and Korean CRM interfaces' record ids, as native_key
# writes them (Salesforce's "Opportunity ID": "Αναγνωριστικό", "Fırsat Kimliği", "מזהה הזדמנות", "معرف الفرصة",
# "商機 ID", "영업 기회 ID"; a contacts export's "Κωδικός", "Kişi No", "מזהה", "المعرف", "編號", "번호")
EAST_IDS: tuple[str, ...] = (
    *("αναγνωριστικό", "κωδικός", "fırsatkimliği", "kişino", "kimlik", "kayıtno", "מזהההזדמנות", "מזהה"),
    *("מזההליד", "معرفالفرصة", "المعرف", "معرف", "商機id", "編號", "識別碼", "영업기회id", "번호", "아이디"),
)
# a record's creation in those languages ("Ημερομηνία δημιουργίας", "Oluşturma Tarihi", "תאריך יצירה",
# "تاريخ الإنشاء", "建立日期", "생성 날짜")
EAST_CREATED: tuple[str, ...] = (
    *("ημερομηνίαδημιουργίας", "δημιουργήθηκε", "oluşturmatarihi", "oluşturulmatarihi", "oluşturulma"),
    *("תאריךיצירה", "נוצר", "تاريخالإنشاء", "تاريخالانشاء", "建立日期", "建立時間", "생성날짜", "생성일", "생성일자"),
    *("작성일",),
)
# a deal's close in those languages ("Ημερομηνία κλεισίματος", "Kapanış Tarihi", "תאריך סגירה", "تاريخ الإغلاق",
# "結束日期", "종료 날짜")
EAST_CLOSED: tuple[str, ...] = (
    *("ημερομηνίακλεισίματος", "kapanıştarihi", "kapanmatarihi", "תאריךסגירה", "تاريخالإغلاق", "تاريخالاغلاق"),
    *("結束日期", "結案日期", "종료날짜", "종료일", "마감일"),
)
# a deal's amount in those languages ("Ποσό", "Tutar", "סכום", "المبلغ", "金額", "금액")
EAST_AMOUNT: tuple[str, ...] = (
    *("ποσό", "αξία", "tutar", "miktar", "סכום", "ערך", "المبلغ", "مبلغ", "القيمة", "商機金額", "금액"),
)
# a deal's stage, or a contact's, in those languages ("Στάδιο", "Aşama", "שלב", "المرحلة", "階段", "단계")
EAST_STAGE: tuple[str, ...] = (
    *("στάδιο", "aşama", "fırsataşaması", "שלב", "المرحلة", "مرحلة", "階段", "銷售階段", "단계", "영업단계"),
)
# a status in those languages ("Κατάσταση", "Durum", "סטטוס", "الحالة", "狀態", "상태")
EAST_STATUS: tuple[str, ...] = (*("κατάσταση", "durum", "סטטוס", "מצב", "الحالة", "狀態", "상태"),)
# a lead's or deal's source in those languages ("Πηγή", "Kaynak", "מקור", "المصدر", "來源", "출처")
EAST_SOURCE: tuple[str, ...] = (
    *("πηγή", "πηγήδυνητικούπελάτη", "kaynak", "müşteriadayıkaynağı", "מקור", "מקורליד", "المصدر"),
    *("مصدر", "مصدرالعميلالمحتمل", "來源", "潛在客戶來源", "출처", "리드소스", "유입경로"),
)
# a record's owner in those languages ("Κάτοχος", "Fırsat Sahibi", "בעלים", "المالك", "商機擁有者", "영업 기회 소유자",
# and a contact's person in charge: "Υπεύθυνος", "Sorumlu", "אחראי", "المسؤول", "負責人", "담당자")
EAST_OWNER: tuple[str, ...] = (
    *("κάτοχος", "υπεύθυνος", "ιδιοκτήτης", "fırsatsahibi", "sahibi", "sahip", "sorumlu", "בעלים"),
    *("אחראי", "المالك", "المسؤول", "مالك", "商機擁有者", "擁有者", "負責人", "영업기회소유자", "소유자", "담당자"),
)
# a company's name in those languages ("Επωνυμία", "Firma Adı", "שם חברה", "اسم الشركة", "公司名稱", "회사 이름")
EAST_ACCOUNT_NAMES: tuple[str, ...] = (
    *("επωνυμία", "όνομαλογαριασμού", "firmaadı", "şirketadı", "hesapadı", "שםחברה", "שםחשבון", "اسمالشركة"),
    *("اسمالحساب", "公司名稱", "客戶名稱", "회사이름", "회사명", "거래처이름"),
)
# headers of a column of e-mail addresses (as native_key writes them): Mailchimp's and LinkedIn's "Email Address",
# Freshsales' "Emails", Calendly's "Invitee Email". The key that joins one tool's people to another's
E_MAIL_HEADERS: tuple[str, ...] = ("email", "emailaddress", "emails", "inviteeemail")
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        # Dynamics 365's export names each record by a GUID in a column it hides: "(Do Not Modify) Lead"
        "lead_id": (
            "leadid",
            "contactid",
            "recordid",
            # HubSpot's "Record ID" in German, Spanish and Portuguese
            "datensatzid",
            "iddelregistro",
            "iddoregistro",
            # Spanish HubSpot's "ID de registro" too
            "idderegistro",
            # and in French, Dutch ("Record-ID") and Japanese; Salesforce's "Lead ID" in French and Japanese
            "iddefichedinformations",
            "レコードid",
            "iddelapiste",
            "リードid",
            "donotmodifylead",
            "donotmodifycontact",
            "id",
            "mqlid",
            "personid",
            "prospectid",
            *E_MAIL_HEADERS,
            *EAST_IDS,
        ),
        "created_at": (
            *CREATED,
            "createdtime",
            # Pipedrive's People and Leads exports: "Person - Person created", "Lead - Lead created"
            "personcreated",
            "leadcreated",
            "signupdate",
            "dateadded",
            "leaddate",
            # a form's submission (LinkedIn Lead Gen's "Submitted at"), a newsletter's opt-in (Mailchimp's OPTIN_TIME)
            "submittedat",
            "optintime",
            # Brevo's ADDED_TIME, SugarCRM's date_entered, HubSpot form submissions' "Conversion Date", Typeform's
            # "Submit Date (UTC)" (its "Start Date" is when the form was opened, its "Stage Date" an internal time),
            # and last Google Forms' "Timestamp", a response's submission
            "addedtime",
            "dateentered",
            "conversiondate",
            "submitdate",
            "submitdateutc",
            # LinkedIn Lead Gen's "Submitted At (UTC)", Unbounce's date_submitted, Intercom's "Signed up" (Unix
            # seconds), and Calendly's "Scheduled At", when the invitee booked (its "Start Date & Time" is the meeting)
            "submittedatutc",
            "datesubmitted",
            "signedup",
            "scheduledat",
            "timestamp",
            # "Create Date" in German, French, Spanish, Portuguese and Italian interfaces
            *LOCAL_CREATED,
            "date",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "датасоздания",
            "создано",
            "aangemaaktop",
            "creele",
            *EAST_CREATED,
        ),
        # UTM medium (cpc, email, organic) is the channel the funnel's sources are; utm_source (google,
        # facebook) names the site, so it only fills the source when nothing better does
        "source": (
            "source",
            "leadsource",
            # Salesforce's "Lead Source" in German, French and Japanese
            "leadquelle",
            "originedelapiste",
            "リードソース",
            "personsource",
            "originalsource",
            # Klaviyo's "Initial Source", Eloqua's "Lead Source - Original" (before its "Most Recent")
            "initialsource",
            "leadsourceoriginal",
            "channel",
            "utmmedium",
            "medium",
            "origin",
            "leadorigin",
            "sourcechannel",
            # HubSpot's "Original Source" and a lead's source in German, Spanish, Portuguese, Italian and French
            "ursprunglichequelle",
            "originalquelle",
            "quelle",
            "fuenteoriginal",
            "fuente",
            "fonteoriginal",
            "origem",
            "fonte",
            "sourceoriginale",
            "origine",
            "sourcedorigine",
            "oorspronkelijkebron",
            "オリジナルソース",
            "utmsource",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "источник",
            "bron",
            *EAST_SOURCE,
        ),
        # a form tool's form is the offer a lead answered (HubSpot's form submissions: "Form Name")
        "campaign": (
            "campaign",
            "campaignname",
            "utmcampaign",
            "originalsourcedrilldown1",
            "acquisitionprogram",
            "formname",
            "form",
            "formtitle",
        ),
        "persona": ("persona", "buyerpersona"),
        "segment": ("segment", "customersegment", "marketsegment", "companysize"),
        "industry": ("industry", "vertical", "sector", "businesssegment"),
        # Mailchimp's "CC" is the country code beside its REGION, a state or province (_region_by_country)
        "region": ("region", "countryregion", "country", "territory", "geo", "state", "countrycode", "cc"),
        "owner": (
            "owner",
            "leadowner",
            "contactowner",
            "ownername",
            "salesrep",
            "assignedto",
            "assigneduser",
            # Nutshell's "Assignee"
            "assignee",
            "srid",
            "sdrid",
            # Odoo's "Salesperson", Bitrix24's "Responsible" (ASSIGNED_BY_NAME), Kommo's "Responsible user", Insightly's
            # "User Responsible"
            "salesperson",
            "responsible",
            "responsibleuser",
            "userresponsible",
            "assignedbyname",
            *LOCAL_OWNER,
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "ответственный",
            "verantwoordelijke",
            *EAST_OWNER,
        ),
        "account_id": (
            "accountid",
            "companyid",
            "associatedcompanyid",
            # HubSpot's new exports' "Record ID - Company", and its "Associated Company ID" in German, French,
            # Spanish, Portuguese, Dutch and Japanese: without them, counting by account counts each lead alone
            *ASSOCIATED_COMPANY_IDS,
            "account",
            "company",
            "companyname",
            # Salesforce's "Converted Account ID" (as its preset reads) in English and German, where no company is
            "convertedaccountid",
            "iddeskonvertiertenaccounts",
            # Pipedrive's companies are organizations: a person's "Organization - ID" when exported, else its
            # "Person - Organization" name (trial 58: left unread, every person counted as an account of its own)
            *PIPEDRIVE_ORGANIZATIONS,
        ),
        # Marketo's "Person Status" (its "Lead Status" renamed), Dynamics' "Status Reason" (its "Status" is only
        # Open / Qualified / Disqualified), Close's "status_label" (its "status_id" is an id)
        "lifecycle_stage": (
            "lifecyclestage",
            # HubSpot's "Lifecycle Stage" in German, French, Spanish and Portuguese
            "phaseimlebenszyklus",
            "lebenszyklusphase",
            # current German portals' "Lifecycle-Phase", and the Italian "Fase del ciclo di vita"
            "lifecyclephase",
            "fasedelciclodivita",
            "phaseducycledevie",
            "etapadelciclodevida",
            "fasedelciclodevida",
            "estagiodociclodevida",
            "fasedociclodevida",
            "levenscyclusfase",
            "ライフサイクルステージ",
            "leadstatus",
            # Salesforce's "Lead Status" in French and Japanese
            "statutdelapiste",
            "リード状況",
            "personstatus",
            "stage",
            "statusreason",
            "status",
            "statuslabel",
            "leadstage",
            "funnelstage",
            *EAST_STATUS,
            *EAST_STAGE,
        ),
        "mql_at": (
            "mqlat",
            "mqldate",
            "becameamarketingqualifiedleaddate",
            # Marketo's "Became an MQL Date"
            "becameanmqldate",
            "becameamqldate",
            "marketingqualifieddate",
            # HubSpot's "Became a Marketing Qualified Lead Date" in German, French, Spanish, Portuguese, Dutch, Japanese
            "datumandemkontaktzumarketingqualifiziertemleadwurde",
            "datealaquellelecontactestdevenuunleadqualifiemarketing",
            "fechaenqueseconvirtioenleadcalificadoparamarketing",
            "dataemquesetornouumleadqualificadoparamarketing",
            "datumwaaropmarketinggekwalificeerdeleadwerd",
            "マーケティングクオリファイドリードになった日",
        ),
        # Marketo's "SAL Date": a sales-accepted lead is an SQL here, as every preset maps the SAL status
        "sql_at": (
            "sqlat",
            "sqldate",
            "becameasalesqualifiedleaddate",
            # Marketo's "Became an SQL Date" (and its SAL), Zoho's "Converted Date Time"
            "becameansqldate",
            "becameasqldate",
            "becameansaldate",
            "becameasaldate",
            "converteddatetime",
            "salesqualifieddate",
            "converteddate",
            "saldate",
            "salesaccepteddate",
            # the same for a Sales Qualified Lead, and Salesforce's "Converted Date" in German and French
            "datumandemkontaktzuvertriebsqualifiziertemleadwurde",
            "datealaquellelecontactestdevenuunleadqualifiepourlavente",
            "fechaenqueseconvirtioenleadcalificadoparaventas",
            "dataemquesetornouumleadqualificadoparavendas",
            "datumwaaropsalesgekwalificeerdeleadwerd",
            "セールスクオリファイドリードになった日",
            "konvertierungsdatum",
            "datedeconversion",
        ),
        "first_contact_at": (
            "firstcontactat",
            "firstcontactdate",
            "firstcontacted",
            "firstcontact",
            "firstresponseat",
            "firstresponsedate",
            "firstcalldate",
        ),
        "disqualified_at": ("disqualifiedat", "disqualifieddate", "unqualifieddate", "rejecteddate"),
        # Salesforce orgs' custom "Unqualified Reason" (Unqualified_Reason__c) too, beside the "Unqualified Date" above
        "disqualify_reason": (
            "disqualifyreason",
            "disqualificationreason",
            "disqualifiedreason",
            "rejectionreason",
            "unqualifiedreason",
            "reasonunqualified",
        ),
        "converted_deal_id": (
            "converteddealid",
            # Zoho CRM's leads export: the deal a converted lead became
            "converteddeal",
            "convertedopportunityid",
            "convertedopportunity",
            # Salesforce's "Converted Opportunity ID" in German and French
            "idderkonvertiertenopportunity",
            "iddelopportuniteconvertie",
        ),
    },
    "deals": {
        "deal_id": (
            "dealid",
            "opportunityid",
            "oppid",
            "recordid",
            "datensatzid",
            "iddelregistro",
            "iddoregistro",
            "idderegistro",
            "iddefichedinformations",
            "レコードid",
            # Salesforce's "Opportunity ID" in French, Spanish and Japanese
            "iddelopportunite",
            "iddelaoportunidad",
            "商談id",
            "donotmodifyopportunity",
            "id",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "opportunityno",
            "boxkey",
            # NetSuite's saved searches: "Internal ID" (its "Document Number" is the transaction's number)
            "internalid",
            *EAST_IDS,
        ),
        "lead_id": (
            "leadid",
            "contactid",
            # Pipedrive's deals export names the deal's person by "Person - ID"; Zoho's "Associated Contact"
            "personid",
            "associatedcontact",
            "associatedcontactids",
            "associatedcontactid",
            "primarycontactid",
            "mqlid",
            # HubSpot's "Associated Contact IDs" in German
            "zugeordnetekontaktids",
            "zugeordnetekontaktid",
            "iddescontactsassocies",
            "idsdecontactosasociados",
            # and in French, Spanish, Portuguese, Dutch and Japanese
            "iddecontactsassocies",
            "iddecontactosasociados",
            "idsdecontatosassociados",
            "gekoppeldecontactids",
            "関連付けられたコンタクトのid",
        ),
        "account_id": (
            "accountid",
            "companyid",
            "associatedcompanyid",
            *ASSOCIATED_COMPANY_IDS,
            # Salesforce's "Account ID" in French, Spanish and Japanese
            "idducompte",
            "iddelacuenta",
            "取引先id",
            "account",
            "company",
            "accountname",
            # Pipedrive's "Organization - ID" when exported, else its "Deal - Organization" name
            *PIPEDRIVE_ORGANIZATIONS,
        ),
        "owner": (
            "owner",
            "dealowner",
            "opportunityowner",
            "ownername",
            "salesrep",
            "srid",
            "assignedto",
            "salesperson",
            "responsible",
            "responsibleuser",
            "userresponsible",
            "assignedbyname",
            *LOCAL_OWNER,
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "ответственный",
            "verantwoordelijke",
            # Maven Analytics' public CRM sales opportunities data set: "sales_agent"; Nutshell's "Assignee"
            "salesagent",
            "assignee",
            *EAST_OWNER,
            # Close's opportunity "user_name", the user it is assigned to (trial 107: unread, a deal of a lead not
            # loaded fell to the "(none)" owner); last, as a user name beside an assignee column is likelier the
            # record's creator or editor than its owner
            "username",
        ),
        # and in German, French, Spanish, Portuguese, Italian interfaces (HubSpot's "Deal-Phase", Pipedrive's "Etapa")
        "stage": (
            "stage",
            "dealstage",
            "stagename",
            "pipelinestage",
            "opportunitystage",
            "dealphase",
            # HubSpot's "Deal Stage" in French, Spanish, Portuguese, Dutch and Japanese; Salesforce's Japanese "Stage"
            "phasedelatransaction",
            "etapadelnegocio",
            "etapadonegocio",
            "dealfase",
            "取引ステージ",
            "フェーズ",
            "phase",
            "etapa",
            "fase",
            "etape",
            # Capsule's "Milestone", SugarCRM's sales_stage
            "milestone",
            "salesstage",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "этапсделки",
            "стадиясделки",
            "этап",
            "стадия",
            *EAST_STAGE,
        ),
        # Close: "status_type" is active / won / lost, whatever the status_label is called; Insightly: "Opportunity
        # State" (Open / Won / Lost / Abandoned / Suspended) beside its "Pipeline Stage"
        "status": (
            "status",
            "dealstatus",
            "statustype",
            "outcome",
            "result",
            "wonlost",
            "opportunitystate",
            "dealstate",
            "estado",
            "statut",
            "stato",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "статус",
            "статуссделки",
            *EAST_STATUS,
        ),
        "created_at": (
            *CREATED,
            "dealcreated",
            "opendate",
            # SugarCRM's date_entered
            "dateentered",
            *LOCAL_CREATED,
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "датасоздания",
            "создано",
            "aangemaaktop",
            "creele",
            # Maven Analytics' CRM data set: "engage_date", when the agent first engaged the account (its Prospecting
            # deals leave it blank: not yet engaged)
            "engagedate",
            *EAST_CREATED,
            # and last NetSuite's opportunity "Date", the transaction's date (its close is "Expected Close")
            "date",
        ),
        # Pipedrive: "Deal - Deal closed on" (else its "Won time" and "Lost time" together, WON_LOST_TIMES)
        "closed_at": (
            "closedat",
            "closedate",
            "closeddate",
            "dateclosed",
            "closedon",
            "dealclosedon",
            "wondate",
            "datewon",
            "closingdate",
            # Dynamics: the day it was won or lost (its "Est. Close Date" is a forecast, not proposed)
            "actualclosedate",
            # HubSpot's "Close Date" in German, French, Spanish and Portuguese
            "abschlussdatum",
            "datedecloture",
            "fechadecierre",
            "datadefechamento",
            "datedefermeture",
            "sluitingsdatum",
            "クローズ日",
            # Salesforce's "Close Date" in German and Japanese
            "schlusstermin",
            "完了予定日",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "датазакрытия",
            "geslotenop",
            "cloturele",
            *EAST_CLOSED,
        ),
        "amount": (
            "amount",
            "dealamount",
            "dealvalue",
            "value",
            "opportunityamount",
            # Insightly's computed whole value (its Bid Amount × Bid Duration per Bid Type), before its Bid Amount
            "opportunityvalue",
            "revenue",
            "totalamount",
            "estrevenue",
            "estimatedrevenue",
            # "Amount" / "Value" in German, French, Spanish, Portuguese, Italian and Dutch interfaces
            "betrag",
            "wert",
            "montant",
            "valeur",
            "importe",
            "valor",
            "valore",
            "bedrag",
            "金額",
            # Odoo's "Expected Revenue", Insightly's "Bid Amount", and last Kommo's "Budget" (Pipedrive's deals may
            # have a budget field beside their value)
            "expectedrevenue",
            "bidamount",
            "budget",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "бюджет",
            "сумма",
            "суммасделки",
            "waarde",
            "income",
            # Maven Analytics' CRM data set: "close_value" (0 on lost deals, blank on open ones)
            "closevalue",
            *EAST_AMOUNT,
            # NetSuite's "Projected Total", and Keap's projected range read at its low end (_amount_as_shown)
            "projectedtotal",
            "projectedrevenuelow",
        ),
        "lost_reason": ("lostreason", "closedlostreason", "reasonlost", "lossreason"),
        "source": (
            "source",
            "leadsource",
            "dealsource",
            "originalsource",
            "channel",
            "sourcechannel",
            "origin",
            # Salesforce's "Lead Source" in German, French and Japanese
            "leadquelle",
            "originedelapiste",
            "リードソース",
            # amoCRM and Bitrix24 in Russian (native_key keeps Cyrillic), Teamleader, Vtiger, Streak
            "источниксделки",
            "источник",
            "bron",
            # Nutshell's "Source(s)", several sources in one cell
            "sources",
            *EAST_SOURCE,
        ),
        "activated_at": ("activatedat", "activationdate", "golivedate", "onboardeddate"),
        "churned_at": ("churnedat", "churndate", "churneddate", "cancelledat", "canceledat", "cancellationdate"),
    },
    "touches": {
        "lead_id": ("leadid", "contactid", "recordid", "personid", "email"),
        "touched_at": ("touchedat", "touchdate", "timestamp", "occurredat", "eventdate", "activitydate", "date"),
        # Salesforce's Campaign Members export names no channel: its campaign's type (Email, Webinar, Trade Show) is
        # the nearest, read last so a real source column wins; unread, every touch had no source and every model
        # equalled first touch (probe 79)
        "source": ("source", "channel", "utmmedium", "medium", "utmsource", "campaigntype"),
        "campaign": ("campaign", "campaignname", "utmcampaign"),
        "touch_type": ("touchtype", "type", "activitytype", "eventtype", "interactiontype"),
    },
    "spend": {
        # LinkedIn Campaign Manager: "Start Date (in UTC)"
        "month": (
            *("month", "period", "date", "day", "reportingstarts", "startdateinutc", "timeperiod", "byday"),
            # Google Ads API's (and its BigQuery transfer's) segments.date, Snapchat's "Start time" (of a day's row),
            # Microsoft Advertising's day column "Gregorian date" (left unfilled, the user had to find it)
            *("segmentsdate", "starttime", "gregoriandate"),
            # Google Ads in German, French and Spanish: Monat / Tag, Mois / Jour, Mes / Día
            *("monat", "tag", "mois", "jour", "mes", "dia"),
        ),
        "source": ("source", "channel", "platform", "network", "utmmedium", "medium"),
        "campaign": ("campaign", "campaignname", "utmcampaign", "kampagne", "campagne", "campana"),
        "amount": (
            *("amount", "spend", "cost", "amountspent", "amountspentusd", "costusd", "spendusd", "totalspent"),
            # Google Ads in German, French and Spanish: Kosten, Coût, Coste (Latin America: Costo)
            *("kosten", "cout", "coste", "costo"),
            # Pinterest's "Spend in account currency", Taboola's "Spent"; in millionths, which the import divides
            # (canonical.MICROS): Pinterest API's SPEND_IN_MICRO_DOLLAR, Google Ads API's metrics.cost_micros
            *("spendinaccountcurrency", "spent", "spendinmicrodollar", "metricscostmicros", "costmicros"),
        ),
    },
    "targets": {
        "month": ("month", "period", "date"),
        "metric": ("metric", "kpi", "measure"),
        "value": ("value", "target", "goal", "amount"),
        "source": ("source", "channel"),
        "team": ("team", "department"),
    },
    "accounts": {
        # Pipedrive's organizations file: "Organization - ID" (its persons and deals name the organization by it
        # only when exported with it, _pipedrive_organization_id says so)
        "account_id": ("accountid", "companyid", "recordid", "donotmodifyaccount", "id", *ORGANIZATION_IDS, *EAST_IDS),
        "name": ("accountname", "companyname", "name", "company", "organization", "organisation", *EAST_ACCOUNT_NAMES),
        "industry": ("industry", "vertical", "sector"),
        "segment": ("segment", "customersegment", "marketsegment", "accounttype", "type"),
        "region": ("region", "countryregion", "billingcountry", "country", "territory", "geo"),
        "employees": ("employees", "numberofemployees", "employeecount", "headcount"),
        "owner": ("owner", "accountowner", "companyowner", "ownername", *EAST_OWNER),
    },
}
# names read after a canonical column's list in SYNONYMS, by (kind, column): HubSpot's "Closed Lost Reason" as its
# German, French, Spanish and Portuguese portals write it ("Grund für verlorenen Deal", "Raison de la perte de la
# transaction", "Motivo de pérdida del negocio") and the usual words for a lost reason in those languages
LOCAL_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("deals", "lost_reason"): (
        *("grundfurverlorenendeal", "grundfurdenverlorenendeal", "grundfurverlust", "verlustgrund", "verlustursache"),
        *("raisondelapertedelatransaction", "raisondelaperte", "raisondeperte", "motifdelaperte", "motifdeperte"),
        *("motivodeperdidadelnegocio", "motivodeperdida", "motivodelaperdida", "razondeperdida", "razondelaperdida"),
        *("motivodaperdadonegocio", "motivodaperda", "motivodeperda"),
    ),
}
# a lifecycle stage column by the words of its name in HubSpot's languages ("Lifecycle-Phase", "Phase im
# Lebenszyklus", "Phase du cycle de vie", "Etapa del ciclo de vida"), as header_key or native_key writes it: read
# before any status column, as HubSpot's Lead Status ("Lead-Status") is not its lifecycle stage (README); unlisted,
# "Lifecycle-Phase" left the proposal to read "Lead-Status" as the stage (probe 62: MQL 235 read as 69)
LIFECYCLE_HEADER = re.compile(
    r"^(lifecycle|lebenszyklus|levenscyclus|ライフサイクル)|(lifecycle|lebenszyklus|cycledevie|ciclodevida|ciclodivita)$"
)
# not a date or time column of the lifecycle ("Date entered 'MQL (Lifecycle Stage Pipeline)'", "Lifecycle Stage Date")
LIFECYCLE_NOT = re.compile(r"date|datum|fecha|data|time|zeit|temps|tiempo")
# the words of a header of lifecycle words that name the stage itself (and the record it is of): "Lifecycle-Phase",
# "Phase du cycle de vie", "Lebenszyklusphase (Kontakt)", Salesforce's "Lifecycle_Stage__c"; preferred to any other
LIFECYCLE_WORDS = frozenset(
    {
        *("lifecycle", "life", "cycle", "stage", "phase", "lebenszyklus", "lebenszyklusphase", "im", "du", "de", "vie"),
        *("etapa", "del", "ciclo", "vida", "fase", "di", "vita", "estagio", "do", "levenscyclus", "levenscyclusfase"),
        *("contact", "kontakt", "contacto", "contato", "contatto", "lead", "c", "hs", "current", "aktuelle"),
    }
)
# a word that makes a header of lifecycle words another column about the stage: why it was set or by whom, where it
# came from, notes on it, when it changed ("Lifecycle Stage Reason", "Lifecycle Stage Source", "lifecycle notes")
LIFECYCLE_OTHER = frozenset(
    {
        *("reason", "source", "note", "notes", "comment", "comments", "changed", "change", "by", "owner", "history"),
        *("previous", "prior", "updated", "set", "date", "time", "why"),
        *("grund", "quelle", "notiz", "notizen", "kommentar", "geandert", "von", "besitzer", "vorherige", "datum"),
        *("raison", "motif", "origine", "commentaire", "modifie", "modifiee", "par", "proprietaire", "precedente"),
        *("razon", "motivo", "fuente", "origen", "nota", "notas", "comentario", "cambiado", "por", "propietario"),
        *("anterior", "fonte", "origem", "alterado", "proprietario", "fecha", "data"),
    }
)
# HubSpot's Lead Status header in English, German, French, Spanish and Portuguese (as header_key writes it)
LEAD_STATUS_KEYS = frozenset({"leadstatus", "statutdulead", "estadodellead", "statusdolead", "hsleadstatus"})
# HubSpot's Lead Status values (its internal names and English, German, French and Spanish labels, as header_key
# writes them); a file's lead status of these values only, with one only HubSpot has, is HubSpot's
HUBSPOT_LEAD_STATUSES = frozenset(
    {
        *("new", "open", "inprogress", "opendeal", "unqualified", "attemptedtocontact", "connected", "badtiming"),
        *("neu", "offen", "inbearbeitung", "offenerdeal", "nichtqualifiziert", "kontaktversuch", "verbunden"),
        *("nouveau", "ouvert", "encours", "transactionouverte", "nonqualifie", "tentativedecontact", "connecte"),
        *("nuevo", "abierto", "enprogreso", "negocioabierto", "noclasificado", "intentodecontacto", "conectado"),
        "",
    }
)
HUBSPOT_ONLY_STATUSES = frozenset({"opendeal", "offenerdeal", "transactionouverte", "negocioabierto", "badtiming"})
# a stage's date by the words of its header when no listed name is the file's: a date word and the stage's name in
# English, German, French, Spanish, Portuguese or Dutch ("Datum, an dem der Kontakt zu einem Marketing Qualified Lead
# wurde", "… zu Marketing-qualifiziertem Lead wurde"); never a date the stage was left ("Date exited")
STAGE_DATE_WORDS: dict[str, re.Pattern[str]] = {
    "mql_at": re.compile(
        r"marketingqualified|marketingqualifizier|qualifiemarketing|calificadoparamarketing|qualificadoparamarketing"
        r"|marketinggekwalificeerd"
    ),
    "sql_at": re.compile(
        r"salesqualified|vertriebsqualifizier|qualifiepourlavente|calificadoparaventas|qualificadoparavendas"
        r"|salesgekwalificeerd"
    ),
}
DATE_WORD = re.compile(r"date|datum|fecha|data")
LEFT_STAGE = re.compile(r"exit|verlass|sorti|salida|saida|timein|zeitin|tempsdans|cumulative")
# Olist's MQL export (and many form tools) has no creation date, only `first_contact_date`: the lead's first
# contact with the company, the earliest date the file knows. It fills created_at then, and NOT first_contact_at
# as well: that column starts the sales-response clock, and the same date in both would report every lead as
# answered in 0 minutes. With a creation column in the file, first_contact_date fills first_contact_at.
CREATED_FALLBACKS: tuple[str, ...] = ("firstcontactdate", "firstcontactat", "firstcontact")
# a deal's close in two columns, one filled on won deals only, the other on lost ones only: Pipedrive's "Won time" and
# "Lost time", Close's "date_won" and "date_lost" (trial 107: "date_won" alone left every lost deal undated, and a
# month's win rate counted its wins and none of its losses)
WON_LOST_TIMES: tuple[tuple[str, str], ...] = (
    ("wontime", "losttime"),
    ("datewon", "datelost"),
    ("wondate", "lostdate"),
)
# the time a deal entered its current stage (Zendesk Sell's deals export: "Last Stage Change At"), as header_key
# writes it: where the status is read from that stage column, a won or lost deal's last change of stage is when it
# was won or lost, its close (an open deal's is not stored: the import drops an open deal's close). Trial 110: left
# unread, every closed deal had no close date and each month's wins, losses and revenue were 0
LAST_STAGE_CHANGE: tuple[str, ...] = ("laststagechangeat", "laststagechange", "laststagechangedate", "stagechangedat")
# values of a deal's status or stage column that mean won or lost (as `header_key` writes them); every
# other value is an open deal
WON_WORDS = frozenset(
    {
        *("won", "closedwon", "win", "signed", "closedwin", "sold"),
        # an order received or placed, the won stage of German, Dutch and French pipelines ("Auftrag erteilt",
        # "Opdracht verkregen", "Commande reçue"): read as open, they swelled the pipeline and left revenue out
        *("orderreceived", "auftragerteilt", "auftragerhalten", "opdrachtverkregen", "opdrachtgegund"),
        *("commanderecue", "commandeobtenue"),
    }
)
# "Signed" in French, Spanish, German, Portuguese and Dutch, as the whole value only, as "signed" is ("NDA signé",
# "NDA firmado" are open stages)
WON_SIGNED = frozenset(
    {"signe", "signee", "firmado", "firmada", "unterschrieben", "assinado", "assinada", "getekend", "ondertekend"}
)
# a deal that will not go ahead, as stages say it without "lost": "Did not win", "Won't proceed" and Salesforce's
# "Closed No Decision" (the buyer chose nothing) end the deal unwon, not open
LOST_WORDS = frozenset(
    {
        *("lost", "closedlost", "loss", "closedloss"),
        *("didnotwin", "didntwin", "wontproceed", "willnotproceed", "notproceeding", "nodecision", "closednodecision"),
        # the buyer said no, in the words of French, German and Dutch pipelines ("Sans suite", "Non retenue",
        # "Kein Interesse", "Niet doorgegaan"); English "Not selected" and "No interest" likewise
        *("sanssuite", "nonretenue", "nonretenu", "refuseeparleclient", "refuseparleclient"),
        *("keininteresse", "nietdoorgegaan", "geeninteresse", "notselected", "nointerest"),
    }
)
# those of them a reason may follow ("Won't proceed - budget"); not "No decision yet", an open stage
LOST_LEADS = ("didnotwin", "didntwin", "wontproceed", "willnotproceed", "closednodecision")
# the same in the languages CRMs are used in, as a word of the value without accents (_plain_words): French, German,
# Dutch, Spanish, Portuguese, Italian (Zoho's "Gagné", Pipedrive's "Gewonnen", "Ganho", "Perdido"), Polish, Swedish,
# Danish, Norwegian, Finnish, Turkish and Russian (Pipedrive's "Wygrana", "Vunnen", "Kazanıldı", "Выиграна"), and
# Japanese and Chinese in WON_WHOLE and LOST_WHOLE below
WON_ABROAD = frozenset(
    {
        *("gagne", "gagnee", "gewonnen", "ganado", "ganada", "ganho", "ganha", "vinto", "vinta"),
        # sold ("Verkauft", "Vendu", "Vendido"); never "vente" or "Verkauf" (sales, the name of open stages)
        *("verkauft", "vendu", "vendue", "vendido", "vendida", "verkocht"),
        *("wygrana", "wygrany", "wygrane", "vunnen", "vunnet", "vunna", "vundet", "vunden", "voitettu"),
        *("kazanildi", "kazanilan", "выиграна", "выигран", "выиграно", "выигранная"),
        # Greek, Hebrew and Arabic ("Κερδήθηκε", "נסגר - זכייה", "مغلقة - مكسوبة")
        *("κερδηθηκε", "κερδισμενη", "κερδισμενο", "זכייה", "זכה", "مكسوبة", "مكسوب", "فوز"),
    }
)
LOST_ABROAD = frozenset(
    {
        *("perdu", "perdue", "verloren", "perdido", "perdida", "perso", "persa"),
        # refused by the client ("Refusée par le client"): read as open, it stayed in the pipeline
        "refusee",
        *("przegrana", "przegrany", "przegrane", "utracona", "utracony", "forlorad", "forlorat", "forlorade"),
        *("tabt", "tapt", "havitty", "menetetty", "kaybedildi", "kaybedilen"),
        *("проиграна", "проигран", "проиграно", "проигранная", "потеряна", "потеряно"),
        # Greek, Hebrew and Arabic ("Χάθηκε", "נסגר - הפסד", "مغلقة - خاسرة")
        *("χαθηκε", "χαμενη", "χαμενο", "הפסד", "אבוד", "خاسرة", "خاسر", "خسارة", "مفقودة"),
    }
)
# Japanese and Chinese outcomes, as a whole value only: "受注 見込み" (an order expected) is an open stage
WON_WHOLE = frozenset(
    {
        *("受注", "成約", "成立", "赢单", "赢得", "成交"),
        # HubSpot's and Salesforce's Japanese won stages: "closed (won)", "won, done", "order taken, done"
        *("成約済み", "受注済み", "成約済", "受注済", "クローズ（成約）", "クローズ(成約)", "商談成立"),
        # Bitrix24's and amoCRM's (Kommo's) closing stages in Russian, and RD Station's "sale made": "успешно" or
        # "venda" alone name no outcome, so the whole value only
        *("Сделка успешна", "сделка успешна", "Успешно реализовано", "успешно реализовано"),
        *("Venda realizada", "venda realizada", "Venta realizada", "venta realizada"),
        # Traditional Chinese (Salesforce's "結束並贏得", closed and won) and Korean ("성사됨", "수주")
        *("贏得", "結束並贏得", "已成交", "贏單", "성사됨", "성사", "수주", "계약 성사"),
    }
)
LOST_WHOLE = frozenset(
    {
        *("失注", "不成立", "输单", "丢单", "失败"),
        *("失去", "結束並失去", "輸單", "丟單", "失敗", "실패", "실주", "영업 실패"),
        *("Сделка провалена", "сделка провалена", "Закрыто и не реализовано", "закрыто и не реализовано"),
    }
)
STATUS_OF_REST = "open"
CURRENCY_CHECKED = ("deals", "spend")
# a word right before "won" or "lost" that turns it around ("Closed - Not Won"; not "Lost - No Budget")
NEGATIONS = frozenset({"not", "no", "non", "never", "un", "nicht", "kein", "keine", "pas", "nao", "niet", "geen"})
# words of a status that ended the deal without saying how (Pipedrive's "deleted", a bare "Closed", "Cancelled",
# Bitrix24's "Analyse failure"), as _plain_words writes them, in the languages of WON_ABROAD (Pipedrive's "Excluído",
# "Gelöscht", "Eliminado"; a bare "Fechado", "Cerrado"; not "ferme", a firm order in French): such a value is not
# proposed as open
ENDED_WORDS = frozenset(
    {
        *("deleted", "closed", "cancelled", "canceled", "disqualified", "unqualified", "rejected", "dead"),
        *("abandoned", "archived", "void", "failure", "failed"),
        # abandoned, called off and rejected in French, German and Dutch pipelines ("Abandonnée", "Abgesagt",
        # "Afgewezen"), as in English: they were proposed as open deals
        *("abandonne", "abandonnee", "abgesagt", "abgelehnt", "afgewezen", "rejete", "rejetee"),
        *("excluido", "excluida", "geloscht", "eliminado", "eliminada", "eliminato", "eliminata", "supprime"),
        *("supprimee", "cancelado", "cancelada", "storniert", "annule", "annulee", "annullato", "annullata"),
        *("fechado", "fechada", "cerrado", "cerrada", "abgeschlossen", "geschlossen", "chiuso"),
        *("chiusa", "gesloten", "verwijderd", "geannuleerd", "usuniety", "usunieta", "anulowany", "anulowana"),
        *("zamkniety", "zamknieta", "stangd", "borttagen", "slettet", "lukket", "suljettu", "poistettu"),
        *("silindi", "kapali", "iptal", "удалена", "удалено", "закрыта", "закрыто", "отменена", "отменено"),
        *("削除", "削除済み", "取消", "キャンセル", "已删除", "删除", "关闭", "已关闭", "已取消"),
    }
)
# words of the open stages of sales pipelines, as _plain_words writes them (English and the CRMs' French, German,
# Dutch, Spanish, Portuguese and Italian defaults): a stage read as open whose words are none of these and no preset
# names is said in the import report, as it may be an ended stage the importer does not know (trial 43: "Abandonnée",
# "Sans suite" and "Auftrag erteilt" were proposed and read as open without a word)
OPEN_WORDS = frozenset(
    {
        *("open", "new", "prospect", "prospects", "prospecting", "prospection", "lead", "leads", "qualification"),
        *("qualified", "qualify", "qualifying", "discovery", "demo", "meeting", "appointment", "scheduled", "needs"),
        *("analysis", "proposal", "proposition", "quote", "quoted", "quotation", "negotiation", "negotiations"),
        *("negotiating", "review", "pending", "progress", "presentation", "evaluation", "trial", "pilot"),
        *("contract", "commit", "commitment", "forecast", "pipeline", "contacted", "contact", "followup", "follow"),
        *(
            "sent",
            "consideration",
            "solution",
            "perception",
            "decision",
            "makers",
            "maker",
            "verbal",
            "hold",
            "waiting",
        ),
        *("interested", "engaged", "opportunity", "estimate", "offer", "budget", "validation", "started", "made"),
        *("qualifie", "qualifiee", "negociation", "devis", "analyse", "besoin", "besoins", "rendez", "decouverte"),
        *("attente", "cours", "nouveau", "nouvelle", "offre", "relance", "suivi", "contacte", "opportunite"),
        *("neu", "qualifizierung", "qualifiziert", "angebot", "verhandlung", "prufung", "bedarfsanalyse", "termin"),
        *("prasentation", "kontaktiert", "erstkontakt", "kontakt", "bearbeitung", "offen", "interessent"),
        *("entscheidung", "vertragsverhandlung", "bewertung", "verkaufschance"),
        *("nieuw", "gekwalificeerd", "kwalificatie", "offerte", "onderhandeling", "voorstel", "afspraak", "behoefte"),
        *("presentatie", "gecontacteerd", "lopend", "opvolging", "kans"),
        *("nuevo", "nueva", "calificacion", "cualificacion", "propuesta", "negociacion", "cotizacion", "reunion"),
        *("presupuesto", "contactado", "analisis", "abierto", "abierta", "pendiente", "seguimiento", "oportunidad"),
        *("novo", "nova", "qualificacao", "proposta", "negociacao", "orcamento", "contato", "aberto", "andamento"),
        *("nuovo", "qualificazione", "negoziazione", "trattativa", "preventivo", "offerta", "aperto", "aperta"),
    }
)
# a lifecycle value no preset knows counts as a lead (the import report lists it, as for the presets)
STAGE_OF_REST = "lead"
DISQUALIFIED = "disqualified"
# distinct values a value map is proposed for; a column with more is not a list of stages
MAX_MAPPED_VALUES = 200
PRESET_NAMES = {"hubspot": "HubSpot", "salesforce": "Salesforce"}
# an amount written as the CRM shows it beside the raw one ("value" and "value_formatted" in Close, which writes the
# raw value in cents): the formatted one, with its currency and units, is proposed
FORMATTED_SUFFIX = "formatted"
# Close's opportunities export (close.com): its headers as header_key writes them, all of which it has, and one of
# its amounts beside value; its API and exports write every amount in cents (1200000 is $12,000.00)
CLOSE_HEADERS = frozenset({"value", "valueperiod", "valuecurrency", "statustype"})
CLOSE_AMOUNTS = frozenset({"value", "annualizedvalue", "expectedvalue", "annualizedexpectedvalue"})


def is_close_export(header: Iterable[str]) -> bool:
    """Whether a file's header is Close's opportunities export's."""
    keys = {header_key(c) for c in header}
    return keys >= CLOSE_HEADERS and bool(keys & (CLOSE_AMOUNTS - {"value"}))


def is_close_amount(name: str) -> bool:
    """Whether a column of Close's export is one of its amounts, in cents."""
    return header_key(name) in CLOSE_AMOUNTS


# Keap's opportunities give a range, no amount: its low end is read, and the reason names the high end
PROJECTED_LOW, PROJECTED_HIGH = "projectedrevenuelow", "projectedrevenuehigh"
# Dynamics' actual revenue, beside the estimate every opportunity has (as header_key writes them)
ACTUAL_REVENUE = "actualrevenue"
ESTIMATED_REVENUE = frozenset({"estrevenue", "estimatedrevenue"})


# a column of record ids by its name: "ID" or "Id" as its last word ("Lead ID", "Id", "account_id"), its camel-case
# end ("AccountId", "ConvertedOpportunityId") or an API name in capitals, as Data Loader writes them ("ACCOUNTID");
# "Company" or "Account Name" is a name, and "Paid" no id
ID_COLUMN = re.compile(r"(?i:\bid|_id)$|[a-z]Id$|^[A-Z]{2,}ID$")


# the tables whose account_id a mapping may derive from names or addresses (mapping.apply_mapping's account_from)
ACCOUNT_FROM_KINDS = frozenset({"leads", "deals", "accounts"})
# headers (as header_key writes them) of a column that names a company, or holds an address or domain, rather
# than an account id: an account_id matched from one is derived (account_from), not read as an id
ACCOUNT_NAME_HEADERS: dict[str, str] = {
    **dict.fromkeys(
        (
            "company",
            "companyname",
            "accountname",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "org",
            "orgname",
            "employer",
        ),
        "company",
    ),
    **dict.fromkeys(("email", "emailaddress", "domain", "companydomain", "companydomainname"), "email_domain"),
}
# a currency at the end of a header ("Amount (USD)", "cost_eur") does not change what the column is
CURRENCY_SUFFIX = re.compile(r"(usd|eur|gbp|brl|cad|aud|chf|jpy|inr)$")
ENTITY_SEPARATOR = " - "
# the part after an object's name that names its id, whose object only the whole name says
ENTITY_ID_KEYS = frozenset({"id", "ids", "recordid"})


@dataclass
class StagedFile:
    """A file read into a private in-memory database, for its header and the counts of its values."""

    con: duckdb.DuckDBPyConnection
    staging: str
    header: list[str]
    rows: int
    # how a CSV that is not UTF-8 or UTF-16 was read ("read as Mac Roman (Gagné, …)"), for the user to check
    encoding_note: str | None = None
    # text that looks written twice in UTF-8 in a file that does not read right repaired (readers.Staged)
    encoding_warning: str | None = None

    def value_counts(self, column: str, limit: int = MAX_MAPPED_VALUES + 1) -> list[tuple[str, int]]:
        """The column's distinct values as cleaned (blank = ""), most frequent first; a totals row's blank is none."""
        q = store.quote_identifier
        # a CRM's mark for no value ('-None-') counts as a blank, as the import reads it
        cell = f"coalesce(no_value(clean(cast({q(column)} as varchar))), '')"
        first = f"coalesce(clean(cast({q(self.header[0])} as varchar)), '')" if self.header else "''"
        # NetSuite's saved search ends with a "Total" row, blank in its status: that blank was proposed as an open deal
        totals_row = f"({cell} = '' and regexp_full_match({first}, $strong))"
        sql = (
            f"select {cell} as v, count(*) as n from {self.staging} where not {totals_row} "
            "group by 1 order by 2 desc, 1 limit $limit"
        )
        return [(v, n) for v, n in self.con.execute(sql, {"limit": limit, "strong": totals.STRONG}).fetchall()]

    def values_on_yes(self, column: str, flag: str) -> list[str]:
        """The column's distinct values (as cleaned) on the rows whose yes/no column `flag` says yes."""
        q = store.quote_identifier
        cell, said = (f"coalesce(clean(cast({q(c)} as varchar)), '')" for c in (column, flag))
        sql = f"select distinct {cell}, {said} from {self.staging} limit $limit"
        yes = {value_key(v) for v in TRUE_VALUES}
        pairs = self.con.execute(sql, {"limit": 10 * MAX_MAPPED_VALUES}).fetchall()
        return [v for v, f in pairs if value_key(f) in yes]

    def values_beside(self, column: str, other: str, value: str) -> list[str]:
        """The column's distinct non-blank values (as cleaned) on the rows whose `other` column holds `value` (its
        case and spacing aside)."""
        q = store.quote_identifier
        cell, said = (f"clean(cast({q(c)} as varchar))" for c in (column, other))
        sql = f"select distinct {cell} from {self.staging} where value_key({said}) = $key and {cell} is not null "
        found = self.con.execute(sql + "order by 1 limit $limit", {"key": value_key(value), "limit": MAX_MAPPED_VALUES})
        return [v for (v,) in found.fetchall()]

    def nests(self, inner: str, outer: str) -> bool:
        """Whether a column's values nest in another's: each non-blank inner value beside one outer value only,
        and some outer value beside two or more inner ones (see Nests)."""
        i, o = (f"coalesce(clean(cast({store.quote_identifier(c)} as varchar)), '')" for c in (inner, outer))
        pairs = f"select distinct {i} as i, {o} as o from {self.staging} where {i} <> '' and {o} <> ''"
        sql = (
            f"with p as ({pairs}) select coalesce((select max(n) from (select count(*) as n from p group by i)) = 1 "
            "and (select max(n) from (select count(*) as n from p group by o)) >= 2, false)"
        )
        return bool(store.scalar(self.con, sql))


def stage_file(path: Path, sheet: str | None = None) -> StagedFile:
    """Read a CSV, XLSX or Parquet file as the importer does, into its own in-memory database."""
    con = store.connect(":memory:")
    staged = readers.stage(con, path, "proposal_file", sheet)
    return StagedFile(con, "proposal_file", staged.columns, staged.rows, staged.encoding_note, staged.encoding_warning)


@functools.cache
def canonical_columns(kind: str) -> dict[str, tuple[str, bool]]:
    """Column -> (type, required) of a canonical table, read from the schema itself."""
    con = store.connect(":memory:")
    try:
        return store.table_columns(con, kind)
    finally:
        con.close()


def required_columns(kind: str) -> list[str]:
    """The columns a row of the table cannot go without (mapping.required_columns_of)."""
    return required_columns_of(kind, canonical_columns(kind))


@dataclass(frozen=True)
class Proposal:
    """A proposed mapping, why each line of it was chosen, and where it came from."""

    mapping: TableMapping
    # "columns.created_at", "values.status.closed won", "constants.status" … -> why
    reasons: Mapping[str, str] = field(default_factory=dict)
    # "canonical", a preset's name, "saved:<file>" or "matched" (header names by meaning)
    origin: str = "matched"
    # canonical required columns nothing fills: the import would refuse the file
    missing: tuple[str, ...] = ()
    # the file's columns the mapping does not read
    unused: tuple[str, ...] = ()
    # what the user should decide that no line of the mapping says (a self-reported source left unread)
    warnings: tuple[str, ...] = ()
    # what the user should know of the file that no line of the mapping says (the key that joins other tools)
    notes: tuple[str, ...] = ()


def _listed(columns: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(t for t, names in columns.items() if len(names) > 1)


def _preset_fit(m: TableMapping, header: Sequence[str], name: str) -> TableMapping | None:
    """The preset trimmed to the headers the file has, or None when it does not fill the required columns."""
    try:
        # every listed column the file has, in the mapping's order: the later ones fill the rows where the
        # earlier are blank (HubSpot's "Amount" where "Amount in company currency" is blank), as with the preset
        m = fit_names(m, header)
        columns, attributes = resolve(m, list(header), Path(name))
    except ImportRefused:
        return None
    if not set(required_columns(m.kind)) <= set(columns) | set(m.constants) | set(m.from_lead):
        return None
    # a converted amount the file does not have is left out: loaded again, a stated converted column is read first
    # in the amount, which would then name a column the file lacks
    converted = tuple(c for c in m.one_currency.get("converted", ()) if c in header)
    one_currency = {k: v for k, v in m.one_currency.items() if k != "converted"} | (
        {"converted": converted} if converted else {}
    )
    return replace(
        m,
        columns=columns,
        lead_attributes=attributes,
        listed=_listed(columns) | _listed(attributes),
        one_currency=one_currency,
        # a stage whose yes/no columns the file has none of is left out (one it has keeps the preset's list, as its
        # other exports write it): a Pardot export matched to the Salesforce preset was proposed
        # sql = ["Converted", "IsConverted"], which it lacks, and the line hid the "no column gives the stages" warning
        reached={stage: names for stage, names in m.reached.items() if any(n in header for n in names)},
        reached_rules={stage: r for stage, r in m.reached_rules.items() if r.column in header},
    )


def saved_mappings(folder: Path | None = None) -> dict[str, dict[str, TableMapping]]:
    """The mapping files saved in the mappings folder, by file name; one that cannot be read is left out."""
    folder = folder or config.MAPPINGS_DIR
    out = {}
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            out[path.name] = load_mapping(path)
        except ImportRefused:
            continue
    return out


def _known(kind: str, header: Sequence[str], saved: Mapping[str, Mapping[str, TableMapping]]) -> Proposal | None:
    """A saved mapping whose columns the file has, else the preset that reads most of the file's columns."""
    if (own := _saved_fit(kind, header, saved)) is not None:
        return own
    best: tuple[int, str, TableMapping] | None = None
    for preset in PRESETS:
        if preset == "canonical":
            continue
        mappings = load_mapping(PRESETS_DIR / f"{preset}.toml")
        fit = _preset_fit(mappings[kind], header, preset) if kind in mappings else None
        if fit is not None and (best is None or len(fit.columns) > best[0]):
            best = (len(fit.columns), preset, fit)
    if best is None:
        return None
    _, preset, fit = best
    label = PRESET_NAMES[preset]
    reasons = {f"columns.{t}": _preset_reason(label, names) for t, names in fit.columns.items()}
    return Proposal(fit, reasons, origin=preset)


def _saved_fit(kind: str, header: Sequence[str], saved: Mapping[str, Mapping[str, TableMapping]]) -> Proposal | None:
    """The first saved mapping whose columns the file has, as its proposal."""
    for file_name, mappings in saved.items():
        m = mappings.get(kind)
        fit = _preset_fit(m, header, file_name) if m is not None and m.columns else None
        if fit is not None:
            reasons = {f"columns.{t}": f"as saved in {file_name}" for t in fit.columns}
            return Proposal(replace(fit, source=file_name), reasons, origin=f"saved:{file_name}")
    return None


def _preset_reason(label: str, names: Sequence[str]) -> str:
    """Why a preset's column (or its columns, first non-blank wins) fills a canonical column."""
    if len(names) == 1:
        return f"matched the {label} column {names[0]!r}"
    later = ", then ".join(repr(n) for n in names[1:])
    return f"matched the {label} columns {names[0]!r}, then {later} where the ones before are blank"


CUSTOM_PREFIX = "custom."
# Salesforce writes a custom field's API name with this suffix (Data Loader's "MQL_Date__c", "SQL_Date__c")
SALESFORCE_CUSTOM_SUFFIX = "__c"
# headers naming a stage's own date (as header_key writes them), which a preset's conversion date (CONVERSION_DATE_KEYS)
# gives way to: Salesforce's preset reads sql_at from "Converted Date", the day the lead became an opportunity, and a
# file with a custom "SQL Date" beside it had SQL→Opportunity read 0 days for every lead and its own SQL date unread
STAGE_DATE_KEYS: dict[str, tuple[str, ...]] = {"mql_at": ("mqlat", "mqldate"), "sql_at": ("sqlat", "sqldate")}
# a CRM's lead-conversion date (Salesforce's "Converted Date", in German and French; Zoho's "Converted Date Time")
CONVERSION_DATE_KEYS: tuple[str, ...] = (
    "converteddate",
    "converteddatetime",
    "konvertierungsdatum",
    "datedeconversion",
)


def _keys(header: Sequence[str]) -> dict[str, str]:
    """Match key -> the file column it stands for: the whole name, then without a currency, then the part
    after the object's name ("Deal - Deal created", "Person - Email" in Pipedrive); the first column wins."""
    by_key: dict[str, str] = {}
    for key_of in (
        header_key,
        lambda name: CURRENCY_SUFFIX.sub("", header_key(name)),
        _after_entity,
        # Close writes its custom fields as "custom.Lead Source"
        lambda name: header_key(name[len(CUSTOM_PREFIX) :]) if name.lower().startswith(CUSTOM_PREFIX) else "",
        lambda name: (
            header_key(name.removesuffix(SALESFORCE_CUSTOM_SUFFIX))
            if name.lower().endswith(SALESFORCE_CUSTOM_SUFFIX)
            else ""
        ),
        native_key,
    ):
        for name in header:
            by_key.setdefault(key_of(name), name)
    by_key.pop("", None)
    return by_key


def _after_entity(name: str) -> str:
    """The key of a name's part after its object's name ("Deal - Deal created": dealcreated), '' for none. Not an id
    alone: "Person - ID" in Pipedrive's deals export is the person's id, which read as "id" became the deal id (two
    deals of one person one deal); its whole name (personid) says whose id it is."""
    if ENTITY_SEPARATOR not in name:
        return ""
    key = header_key(name.rsplit(ENTITY_SEPARATOR, 1)[-1])
    return "" if key in ENTITY_ID_KEYS else key


def native_key(name: str) -> str:
    """A header with its letters of other scripts kept (header_key writes Japanese HubSpot's "レコードID" as "id"):
    width-folded, lower case, letters and digits only ("関連付けられた会社のID": 関連付けられた会社のid)."""
    folded = unicodedata.normalize("NFKC", name).lower()
    return "".join(c for c in folded if c.isalnum())


# a touch's campaign type, read as its source when the file has no source column (SYNONYMS["touches"])
CAMPAIGN_TYPE_KEY = "campaigntype"


def _why(target: str, name: str, key: str) -> str:
    """Why a file column was matched to a canonical column."""
    if key == header_key(target):
        return "the canonical column name" if name == target else f"{target} written another way"
    if target == "created_at" and key in CREATED_FALLBACKS:
        return (
            f"no creation date in the file: {name!r}, the lead's first contact, is the earliest date it has "
            "(and is kept out of first_contact_at, which would read as answered in 0 minutes)"
        )
    if target == "source" and key == CAMPAIGN_TYPE_KEY:
        return (
            f"no source or channel column: {name!r} (Email, Webinar, Trade Show in a Salesforce campaign members "
            "export) is the nearest to a touch's source; left unread, every touch has no source and the path models "
            "all equal first touch"
        )
    if key.startswith("donotmodify"):
        return f"{name!r} is Dynamics 365's id of each record (a GUID, in the column its export hides)"
    return f"{name!r} is a usual name for {target}"


def _stage_dates_named(kind: str, header: Sequence[str], columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A preset's stage date (columns, changed in place) given way to a file column named for the stage's date itself
    (STAGE_DATE_KEYS), and why."""
    by_key = _keys(header)
    reasons: dict[str, str] = {}
    for target, keys in STAGE_DATE_KEYS.items():
        if target not in canonical_columns(kind):
            continue
        name = next((by_key[k] for k in keys if k in by_key), None)
        before = columns.get(target)
        if name is None or before is None or name in before or header_key(before[0]) not in CONVERSION_DATE_KEYS:
            continue
        columns[target] = (name,)
        reasons[f"columns.{target}"] = (
            f"{name!r} names the {target.removesuffix('_at').upper()} date itself: read instead of the preset's "
            f"{before[0]!r}, the day the lead was converted (became an opportunity)"
        )
    return reasons


def _match_headers(
    kind: str, header: Sequence[str], taken: set[str], skip: Mapping[str, object]
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Canonical column -> the file column whose name means it, and why; columns in `taken` are not reused."""
    by_key = _keys(header)
    columns: dict[str, tuple[str, ...]] = {}
    reasons: dict[str, str] = {}
    for target in canonical_columns(kind):
        if target in skip:
            continue
        found = _found_column(kind, target, header, by_key, taken)
        if found is not None:
            columns[target] = (found[0],)
            taken.add(found[0])
            reasons[f"columns.{target}"] = _why(target, *found)
            if canonical_columns(kind)[target][0] == "DOUBLE":
                _amount_as_shown(target, found[0], by_key, taken, columns, reasons)
    # a close date a saved mapping or preset reads (skip) is kept: the pair read in its place moved a HubSpot file's
    # "Close Date" to its "Date Won" / "Date Lost" columns (review of trial 107)
    if kind == "deals" and "closed_at" not in skip:
        _won_then_lost(by_key, taken, columns, reasons)
    return columns, reasons


def _won_then_lost(
    by_key: Mapping[str, str], taken: set[str], columns: dict[str, tuple[str, ...]], reasons: dict[str, str]
) -> None:
    """A deal's close from its won-date column, else its lost-date one, where the file has both (WON_LOST_TIMES) and
    no other close date was found: read alone, the won one would leave every lost deal without a close."""
    for won, lost in ((by_key.get(w), by_key.get(lo)) for w, lo in WON_LOST_TIMES):
        if not won or not lost or lost in taken or columns.get("closed_at", (won,)) != (won,):
            continue
        if "closed_at" not in columns and won in taken:
            continue
        columns["closed_at"] = (won, lost)
        taken.update((won, lost))
        reasons["columns.closed_at"] = (
            f"{won!r} on won deals, else {lost!r} on lost ones: a deal closes when it is won or lost, and each "
            "column is filled on one kind only"
        )
        return


def _closed_at_stage_change(
    header: Sequence[str], columns: dict[str, tuple[str, ...]], reasons: dict[str, str]
) -> None:
    """A deal's close from the time it entered its current stage (LAST_STAGE_CHANGE) when its status is read from
    that stage and no close date column was found: a won or lost stage is the last one a deal enters."""
    taken = {name for names in columns.values() for name in names}
    found = next((h for h in header if header_key(h) in LAST_STAGE_CHANGE and h not in taken), None)
    if "closed_at" in columns or found is None:
        return
    columns["closed_at"] = (found,)
    reasons["columns.closed_at"] = (
        f"{found!r} is when a deal entered its current stage, and the status is read from that stage: a won or lost "
        "deal's close (an open deal's is not stored)"
    )


def _found_column(
    kind: str, target: str, header: Sequence[str], by_key: Mapping[str, str], taken: set[str]
) -> tuple[str, str] | None:
    """The file column whose name means a canonical column, and the key it matched by: the names listed best first
    (a lead's lifecycle stage by _lifecycle_column), then a stage date by its words."""
    fallbacks = CREATED_FALLBACKS if target == "created_at" else ()
    keys = (header_key(target), *SYNONYMS[kind].get(target, ()), *LOCAL_SYNONYMS.get((kind, target), ()), *fallbacks)
    if kind == "leads" and target == "lifecycle_stage":
        return _lifecycle_column(keys, header, by_key, taken)
    found = next(((by_key[k], k) for k in keys if by_key.get(k) not in (None, *taken)), None)
    if found is not None or kind != "leads" or target not in STAGE_DATE_WORDS:
        return found
    dated = [(h, header_key(h)) for h in header if h not in taken]
    words = STAGE_DATE_WORDS[target]
    return next(
        ((h, k) for h, k in dated if DATE_WORD.search(k) and words.search(k) and not LEFT_STAGE.search(k)), None
    )


def _lifecycle_column(
    keys: Sequence[str], header: Sequence[str], by_key: Mapping[str, str], taken: set[str]
) -> tuple[str, str] | None:
    """A lead's lifecycle stage column and its key: a lifecycle name listed ("Lifecycle Stage", "Lebenszyklusphase"),
    else a header of lifecycle words (LIFECYCLE_HEADER; one of those words only first, none with a word of
    LIFECYCLE_OTHER: "Lifecycle Stage Reason" is not the stage), read before any status listed, as HubSpot's Lead
    Status is not its lifecycle stage (README)."""
    free = [k for k in keys if by_key.get(k) not in (None, *taken)]
    named = next((k for k in free if LIFECYCLE_HEADER.search(k)), None)
    if named is not None:
        return by_key[named], named
    worded = [(h, _header_words(h)) for h in header if h not in taken and lifecycle_like(h)]
    worded = [(h, w) for h, w in worded if not w & LIFECYCLE_OTHER]
    own = next((h for h, w in worded if w <= LIFECYCLE_WORDS), next((h for h, _ in worded), None))
    if own is not None:
        return own, header_key(own)
    return next(((by_key[k], k) for k in free), None)


def _header_words(name: str) -> frozenset[str]:
    """A header's words in lower case, accents dropped ("Lifecycle_Stage_Reason__c": lifecycle, stage, reason, c;
    "LifecycleStageReason" likewise; "ライフサイクルステージ" one word)."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    folded = "".join(c for c in unicodedata.normalize("NFKD", spaced.lower()) if not unicodedata.combining(c))
    return frozenset(w for w in re.split(r"[\W_]+", folded) if w)


def lifecycle_like(name: str) -> bool:
    """Whether a header names a lifecycle stage in words (LIFECYCLE_HEADER), not a date or time of it."""
    keys = {header_key(name), native_key(name)}
    return any(LIFECYCLE_HEADER.search(k) and not LIFECYCLE_NOT.search(k) for k in keys)


def _amount_as_shown(
    target: str,
    name: str,
    by_key: Mapping[str, str],
    taken: set[str],
    columns: dict[str, tuple[str, ...]],
    reasons: dict[str, str],
) -> None:
    """Why an amount with a formatted twin is read from the raw one, and an estimate over an actual revenue."""
    formatted = by_key.get(header_key(name) + FORMATTED_SUFFIX)
    if formatted is not None and formatted not in taken:
        # the formatted one adds words to a recurring value ("$500 monthly"), which no amount reads: the raw one
        # keeps every deal, and the import compares the two to read cents as cents (canonical._in_cents)
        reasons[f"columns.{target}"] = (
            f"{name!r}, a number on every deal; the import compares it with {formatted!r} beside it (the amount as "
            "the CRM shows it, which writes a recurring value with words: '$500 monthly') and reads cents as such "
            "(Close's API writes 1200000 for $12,000), saying so in the report"
        )
    elif is_close_export(by_key.values()) and is_close_amount(name):
        reasons[f"columns.{target}"] = (
            f"{name!r}, which Close exports in cents (1200000 for $12,000): the import reads it as cents, saying so in "
            "the report (amount_in_cents = false under [deals] says otherwise)"
        )
    elif header_key(name) in ESTIMATED_REVENUE and ACTUAL_REVENUE in by_key:
        # one amount serves won, open and lost deals alike (revenue, open pipeline, pipeline created): the actual
        # revenue is blank on open deals and 0 on lost ones, where the estimate is filled on every deal
        actual = by_key[ACTUAL_REVENUE]
        reasons[f"columns.{target}"] = (
            f"{name!r}, filled on every deal: one amount serves won, open and lost deals, and {actual!r} is blank on "
            "open deals and 0 on lost ones, so a won deal's revenue is its estimate here; for the actual revenue of "
            f'won deals map amount = ["{actual}", "{name}"] (a lost deal then counts 0 in the pipeline created)'
        )
    elif header_key(name) == PROJECTED_LOW and PROJECTED_HIGH in by_key:
        high = by_key[PROJECTED_HIGH]
        reasons[f"columns.{target}"] = (
            f"{name!r}, the low end of Keap's projected revenue (no other amount in the file): revenue and pipeline "
            f'count the low end; map amount = "{high}" to count the high end'
        )


# lifecycle values of CRMs without a preset: Dynamics 365's lead status reasons (its open "New" and "Contacted" are
# the Salesforce preset's), Marketo's revenue-cycle statuses (before an MQL: "Anonymous", "Known", "Engaged") and
# Close's default lead statuses
OTHER_STAGE_WORDS = {
    # HubSpot's lifecycle stages as its German, French, Spanish and Portuguese interfaces export them
    **dict.fromkeys(("Abonnent", "Abonné", "Suscriptor", "Assinante"), "lead"),
    **dict.fromkeys(
        (
            "Marketingqualifizierter Lead",
            "Lead qualifié marketing",
            "Lead calificado para marketing",
            "Lead qualificado para marketing",
        ),
        "mql",
    ),
    **dict.fromkeys(
        (
            "Vertriebsqualifizierter Lead",
            "Lead qualifié pour la vente",
            "Lead calificado para ventas",
            "Lead qualificado para vendas",
        ),
        "sql",
    ),
    **dict.fromkeys(("Opportunité", "Oportunidad", "Oportunidade", "Verkaufschance"), "opportunity"),
    **dict.fromkeys(("Kunde", "Client", "Cliente"), "customer"),
    # an evangelist is a customer who promotes the product, as the HubSpot preset reads "Evangelist" (the French
    # "Évangéliste" fell to lead, and the funnel lost its customers)
    **dict.fromkeys(("Évangéliste", "Evangelista", "Evangelizador", "Evangelizadora"), "customer"),
    **dict.fromkeys(("Autre", "Andere", "Sonstige", "Sonstiges", "Otro", "Outro"), "lead"),
    "Cannot Contact": DISQUALIFIED,
    "No Longer Interested": DISQUALIFIED,
    # a status many Close orgs add beside its Interested (trial 107: read as a lead by the default, a lead who said no
    # was counted as still in the conversion window, not dropped)
    "Not Interested": DISQUALIFIED,
    "Canceled": DISQUALIFIED,
    "Cancelled": DISQUALIFIED,
    "Lost": DISQUALIFIED,
    "Anonymous": "lead",
    "Known": "lead",
    "Potential": "lead",
    "Bad Fit": DISQUALIFIED,
    # SuiteCRM's (and SugarCRM's) lead statuses: a "Dead" lead is given up; "In Process" is being worked, still a lead
    "Dead": DISQUALIFIED,
    "In Process": "lead",
    # Apollo.io's default contact stages (knowledge.apollo.io, Contact and Account Stages Overview): Cold, Approaching,
    # Replied and Unresponsive are prospects still worked; Do Not Contact (unsubscribed, or asked to stop) and Bad
    # Data (the e-mail bounced) are given up. Read as leads by the default, 2 of an export's given-up prospects counted
    # as still in the window to MQL, not dropped (trial 108). Interested and Changed Job are left to the user
    **dict.fromkeys(("Cold", "Approaching", "Replied", "Unresponsive"), "lead"),
    **dict.fromkeys(("Do Not Contact", "Bad Data"), DISQUALIFIED),
}


def _stage_words() -> dict[str, str]:
    """Lifecycle values -> stages, from every preset's lifecycle map, the canonical stage names and
    OTHER_STAGE_WORDS."""
    words = {stage: stage for stage in config.STAGES} | {DISQUALIFIED: DISQUALIFIED}
    words |= {value_key(word): stage for word, stage in OTHER_STAGE_WORDS.items()}
    for preset in PRESETS:
        if preset == "canonical":
            continue
        leads = load_mapping(PRESETS_DIR / f"{preset}.toml").get("leads")
        for key, stage in (leads.values.get("lifecycle_stage", {}) if leads else {}).items():
            if key != DEFAULT_KEY:
                words.setdefault(key, stage)
    return words


def deal_status_of(value: str) -> str | None:
    """won / lost when a status or stage value says so (Closed Won, closedlost, Lost, Closed-lost to competition);
    None for the rest."""
    key = header_key(value)
    words = _words(value)
    # a whole value, or a word of its own: "won" and "lost" only ("NDA Signed", "No win" and "Won't proceed" are
    # not won deals)
    said = {_outcome(w) for w in _plain_words(value)}
    whole = value.strip()
    won = key in WON_WORDS | WON_SIGNED or key.endswith("won") or "won" in words or "won" in said or whole in WON_WHOLE
    lost = key in LOST_WORDS or key.endswith("lost") or "lost" in words or "lost" in said or whole in LOST_WHOLE
    # with its reason after it ("Won't proceed - budget"), as "Closed Lost - No Budget" is lost
    lost = lost or key.startswith(LOST_LEADS)
    if won == lost or _unclear(value):
        # neither, or both ("Won/Lost Review"), or one negated ("Closed - Not Won", "Unwon"): not read as either
        return None
    return "won" if won else "lost"


def _unclear(value: str) -> bool:
    """Whether a status names won and lost both, or negates one ("Not won", "Unwon", "Won/Lost Review"); a negation
    elsewhere ("Closed Lost - No Budget", "Closed Won - Non-Profit") leaves the won or lost word as it is."""
    ordered = _plain_words(value)
    outcomes = [_outcome(w) for w in ordered]
    said = {o for o in outcomes if o} or {w for w in ("won", "lost") if header_key(value).endswith(w)}
    # a negation before the word in its clause ("Not yet won", "Pas encore gagné"); "Closed Won - Non-Profit"
    # negates another clause
    before = any(
        any(_outcome(w) for w in words) and any(w in NEGATIONS for w in words[: _first_outcome(words)])
        for words in (_plain_words(clause) for clause in re.split(r"[-–—/:(),;]", value))
    )
    # run together: "Unwon", "ClosedNotWon"
    joined = re.search(r"(un|not|non)(won|lost)$", header_key(value)) is not None
    return len(said) == 2 or before or joined


def _plain_words(value: str) -> list[str]:
    """A status's words in order, lower case and without accents ("Non gagné": non, gagne; "Kazanıldı": kazanildi;
    "won't" stays one); letters of other scripts kept ("Выиграна", "受注")."""
    decomposed = unicodedata.normalize("NFKD", value.lower().replace("ı", "i"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [w for w in re.split(r"[^\w']+|_", plain) if w]


def _first_outcome(words: list[str]) -> int:
    """The place of a clause's first won or lost word (its length when it has none)."""
    return next((i for i, w in enumerate(words) if _outcome(w)), len(words))


def _outcome(word: str) -> str | None:
    """won / lost when a word says so in English or another language (gewonnen, perdido); None otherwise."""
    if word == "won" or word in WON_ABROAD:
        return "won"
    if word == "lost" or word in LOST_ABROAD:
        return "lost"
    return None


def _words(value: str) -> set[str]:
    """A status's words, split at spaces, hyphens, underscores, slashes and colons ("won't" stays one word)."""
    return set(re.split(r"[\s_/:-]+", value.lower().strip()))


def _code(value: str) -> bool:
    """Whether a status is a number (a tool's code for open, won or lost), which no word of it says."""
    # 1.0 as a CSV of floats writes 1
    return re.fullmatch(r"[0-9]+(\.0+)?", value.strip()) is not None


def _ended(value: str) -> bool:
    """Whether a status says the deal ended without saying won or lost (deleted, closed, cancelled …)."""
    return bool(set(_plain_words(value)) & ENDED_WORDS)


def is_ended(value: str) -> bool:
    """Whether a stage says the deal ended, neither won nor lost in words (a closed deal of it is lost)."""
    return deal_status_of(value) is None and _ended(value)


@functools.cache
def _preset_open_keys() -> frozenset[str]:
    """The stage values the presets name as open deals (Salesforce's "Id. Decision Makers", HubSpot's ids)."""
    keys: set[str] = set()
    for preset in PRESETS:
        deals = load_mapping(PRESETS_DIR / f"{preset}.toml").get("deals") if preset != "canonical" else None
        table = deals.values.get("status", {}) if deals else {}
        keys.update(k for k, v in table.items() if v == STATUS_OF_REST and k != DEFAULT_KEY)
    return frozenset(keys)


# HubSpot's default sales pipeline's open stages as its German, French, Spanish and Portuguese portals export them
# (appointment scheduled, qualified to buy, presentation scheduled, decision maker bought in, contract sent), as
# _plain_words writes them: "Entscheidungsträger überzeugt" and "Vertrag gesendet" were said to be possibly ended
LOCAL_OPEN_STAGES = frozenset(
    {
        *("termin vereinbart", "qualifiziert fur kauf", "prasentation geplant", "entscheidungstrager uberzeugt"),
        *("vertrag gesendet", "vertrag versendet", "rendez vous programme", "qualifie pour l'achat"),
        *("qualifie pour l achat", "presentation planifiee", "presentation programmee", "decideur convaincu"),
        *("contrat envoye", "cita programada", "calificado para comprar", "presentacion programada"),
        *("responsable de la toma de decisiones convencido", "contrato enviado", "reuniao agendada"),
        *("qualificado para comprar", "apresentacao agendada", "tomador de decisao convencido"),
    }
)


def open_stage(value: str) -> bool:
    """Whether a stage read as open says so: a word of an open stage (Prospection, Verhandlung), a preset's, or one of
    HubSpot's localized defaults (LOCAL_OPEN_STAGES)."""
    if " ".join(_plain_words(value)) in LOCAL_OPEN_STAGES:
        return True
    return value_key(value) in _preset_open_keys() or bool(set(_plain_words(value)) & OPEN_WORDS)


def status_map(counts: ValueCounts) -> tuple[dict[str, str], dict[str, str]]:
    """A won/lost/open map naming each value of the file, "*" open for values of later files."""
    table, reasons = {}, {}
    for value, rows in _by_key(counts):
        key = value_key(value)
        status = deal_status_of(value)
        if status is None and key in checks.DELETED_STATUS_KEYS:
            # Pipedrive's deleted deals: left unmapped, skipped on purpose as archived rows are (trial 58)
            reasons[f"values.status.{key}"] = (
                f"deleted in the CRM: left out of every count on purpose, as archived rows are "
                f"({fmt_count(rows, 'row')}); naming it open, won or lost would count removed deals"
            )
            continue
        if status is None and (_ended(value) or _unclear(value) or _code(value)):
            # neither open nor lost for sure (a deleted deal may be a duplicate, a cancelled one never lost, "not
            # won" may be lost or still open, ActiveCampaign's 0/1/2 are open/won/lost and another tool's may not
            # be): left to the user, its rows skipped as an unknown status until a choice is made
            said = (
                "a code, not a word"
                if _code(value)
                else "names won or lost unclearly"
                if _unclear(value)
                else "ended, but not won or lost"
            )
            reasons[f"values.status.{key}"] = (
                f"{said}: choose what it is ({fmt_count(rows, 'row')}, skipped until then)"
            )
            continue
        table[key] = status or STATUS_OF_REST
        why = (
            f"reads as {status}"
            if status
            else "an open stage"
            if open_stage(value)
            else "no won, lost or open-stage word: read as open, said in the import report; if it is an ended stage, "
            'write "lost" or "won"'
        )
        reasons[f"values.status.{key}"] = f"{why} ({fmt_count(rows, 'row')})"
    if any(f"values.status.{value_key(v)}" in reasons and value_key(v) not in table for v, _ in counts):
        # a default would make the ended values open after all
        return table, reasons
    table[DEFAULT_KEY] = STATUS_OF_REST
    reasons[f"values.status.{DEFAULT_KEY}"] = "a value this file does not have: an open deal, said in the report"
    return table, reasons


# lifecycle values a preset maps by its own CRM's meaning, which another CRM's file may not share: proposed, and the
# proposal says it is a judgement (trial 29: Zoho's "Contacted" as an MQL, Marketo's "Recycled" as disqualified)
JUDGED_STAGES: dict[str, str] = {
    "contacted": (
        "a judgement call, not a fact of the file: a contacted lead counts as an MQL (the Salesforce preset's "
        "reading); choose lead if your team contacts leads before marketing qualifies them"
    ),
    "working": "a judgement call: a lead being worked counts as an MQL (the Salesforce preset's reading)",
    "working - contacted": "a judgement call: a lead being worked counts as an MQL (the Salesforce preset's reading)",
    "recycled": (
        "a judgement call, not a fact of the file: counted as rejected by sales (the Salesforce preset's reading); in "
        "Marketo, Recycled means sent back to nurture, not rejected: choose lead if so"
    ),
    # Dynamics 365's lead status reason; a CRM whose statuses run past the sale (Close's custom lead statuses) may
    # give it to a customer who cancelled, who is then a customer and rejected by sales both (trial 107)
    **dict.fromkeys(
        ("canceled", "cancelled"),
        "a judgement call, not a fact of the file: counted as rejected by sales (Dynamics 365's reading of a lead "
        "cancelled); if your team gives it to customers who cancelled, choose customer",
    ),
    **dict.fromkeys(
        ("sal", "sales accepted", "sales accepted lead"),
        "a judgement call, not a fact of the file: a lead sales accepted counts as an SQL (the Salesforce preset's "
        "reading); in Marketo's revenue cycle SAL comes before SQL: choose mql if only sales-qualified leads are SQLs",
    ),
}


def _by_key(counts: ValueCounts) -> list[tuple[str, int]]:
    """A column's values as the value map matches them (value_key: case and spaces aside), each with the rows of
    every spelling: "lost" said 1 row where the map's "lost" read "lost" and "Lost", 2."""
    rows_of: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for value, rows in counts:
        key = value_key(value)
        rows_of[key] = rows_of.get(key, 0) + rows
        spelled.setdefault(key, value)
    return [(spelled[key], rows) for key, rows in rows_of.items()]


def _known_values(
    counts: ValueCounts,
    target: str,
    words: Mapping[str, str],
    known: Callable[[str], str],
    unknown: str,
    unknown_then: str = "",
) -> tuple[dict[str, str], dict[str, str]]:
    """A value map of the file's values that `words` knows (value_key -> what it becomes), and a reason for every
    value: `known` of what it becomes, or `unknown`; each with its rows (and `unknown_then` after them)."""
    table, reasons = {}, {}
    for value, rows in _by_key(counts):
        key = value_key(value)
        if key in words:
            table[key] = words[key]
        said = f"{JUDGED_STAGES.get(key) or known(words[key])} ({fmt_count(rows, 'row')})" if key in words else None
        reasons[f"values.{target}.{key}"] = said or f"{unknown} ({fmt_count(rows, 'row')}{unknown_then})"
    return table, reasons


def stage_map(counts: ValueCounts) -> tuple[dict[str, str], dict[str, str]]:
    """A lifecycle map for the values a preset or the canonical stages know; "*" lead for the rest."""
    table, reasons = _known_values(
        counts, "lifecycle_stage", _stage_words(), lambda _: "a known lifecycle value", "not a known stage: a lead"
    )
    table[DEFAULT_KEY] = STAGE_OF_REST
    reasons[f"values.lifecycle_stage.{DEFAULT_KEY}"] = "any other value counts as a lead, said in the report"
    return table, reasons


# a target's metric as plans write it: each metric's name in the singular and the plural, and names that mean
# nothing else ("Won deals"); not "Customers", "Bookings" or "New ARR", which a plan may count otherwise
METRIC_WORDS: dict[str, str] = {
    **{m: m for m in config.TARGET_METRICS},
    **{m.removesuffix("s"): m for m in ("leads", "mqls", "sqls", "wins")},
    "opportunity": "opportunities",
    "opps": "opportunities",
    "win": "wins",
    "won deals": "wins",
    "deals won": "wins",
    "closed won deals": "wins",
    # the dashboard's own word for the first wins of a customer (the Sources page's CAC): a plan's "New customers"
    # row is its wins target; the proposal says that a repeat purchase is a win too
    "new customers": "wins",
    "new customer": "wins",
    "won revenue": "revenue",
    "pipeline created": "pipeline",
    # the stage names written out ("Marketing Qualified Leads"), and the usual plan rows for them
    **{
        f"{stage} qualified {n}": m
        for stage, m in (("marketing", "mqls"), ("sales", "sqls"))
        for n in ("lead", "leads")
    },
    "new leads": "leads",
    "new opportunities": "opportunities",
    "opportunities created": "opportunities",
}


def metric_map(counts: ValueCounts) -> tuple[dict[str, str], dict[str, str]]:
    """A map of the target metrics a plan names in its own words (MQL, Won deals); the rest is left unmapped, its
    rows skipped as an unknown metric and named in the report, never given a metric by a default."""
    unknown = f"not a metric the dashboard counts ({', '.join(config.TARGET_METRICS)}): choose one"
    table, reasons = _known_values(
        counts, "metric", METRIC_WORDS, lambda metric: f"the metric {metric}", unknown, ", skipped until then"
    )
    for key in ("new customers", "new customer"):
        if (reason := reasons.get(f"values.metric.{key}")) and key in table:
            reasons[f"values.metric.{key}"] = f"{reason}, which counts every won deal (a repeat purchase too)"
    return table, reasons


def _value_maps(
    kind: str, columns: dict[str, tuple[str, ...]], values_of: ValuesOf | None
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Value maps for a deal's status (from its status or stage column), a lead's lifecycle stage and a target's
    metric."""
    builders: dict[str, tuple[str, Callable[[ValueCounts], tuple[dict[str, str], dict[str, str]]]]] = {
        "deals": ("status", status_map),
        "leads": ("lifecycle_stage", stage_map),
        "targets": ("metric", metric_map),
    }
    if kind not in builders or values_of is None:
        return {}, {}
    target, build = builders[kind]
    if target not in columns:
        return {}, {}
    counts = list(values_of(columns[target][0]))
    if len(counts) > MAX_MAPPED_VALUES:
        return {}, {f"values.{target}": f"{len(counts):,} distinct values: not a list of stages, none mapped"}
    table, reasons = build(counts)
    return {target: table}, reasons


def propose(
    kind: str,
    header: Sequence[str],
    values_of: ValuesOf | None = None,
    saved: Mapping[str, Mapping[str, TableMapping]] | None = None,
    source: str = "proposed.toml",
    nests: Nests | None = None,
    closed_of: ClosedOf | None = None,
    beside: Beside | None = None,
) -> Proposal:
    """A mapping for a file of `kind` with this header: a saved mapping or preset that reads it, else (and for
    the columns those leave empty) header names matched by meaning; value maps from the file's own values
    (`closed_of`: a column's values on the rows a yes/no column says yes; `beside`: on the rows another column
    holds a value)."""
    if kind not in SYNONYMS:
        raise ImportRefused(f"unknown kind {kind!r}: use one of {', '.join(SYNONYMS)}")
    given = (values_of, saved, source, nests, closed_of, beside)
    # a mapping the user saved for the file's own names wins, as it does for any file
    if (labels := _odoo_labels(header)) is not None and _saved_fit(kind, header, saved or {}) is None:
        return _odoo_by_labels(kind, header, labels, given)
    return _proposal(kind, header, given)


def _proposal(kind: str, header: Sequence[str], given: Given) -> Proposal:
    """propose's mapping for a file whose header is read as written."""
    values_of, saved, source, nests, closed_of, beside = given
    spec = canonical_columns(kind)
    if set(header) <= set(spec) and set(required_columns(kind)) <= set(header):
        columns: dict[str, tuple[str, ...]] = {c: (c,) for c in header}
        reasons = {f"columns.{c}": "the canonical column name" for c in header}
        return Proposal(TableMapping(kind=kind, source=source, columns=columns), reasons, origin="canonical")
    known = _known(kind, header, saved or {})
    if known is not None:
        # the preset's own value maps know its values; the rest of the table is matched by meaning
        extra, reasons = _match_headers(
            kind, header, {n for ns in known.mapping.columns.values() for n in ns}, known.mapping.columns
        )
        columns = {**known.mapping.columns, **extra}
        _without_hubspot_lead_status(columns, reasons, values_of, known)
        reasons |= _stage_dates_named(kind, header, columns)
        salesforce_ids, why = _salesforce_ids(
            known.mapping.salesforce_ids | _short_lead_ids(columns, values_of), columns, values_of
        )
        if why:
            reasons["salesforce_ids"] = why
        mapping = replace(
            known.mapping,
            columns=columns,
            listed=_listed(columns) | _listed(known.mapping.lead_attributes),
            salesforce_ids=salesforce_ids,
        )
        mapping, outcomes = _with_file_outcomes(mapping, header, values_of)
        return _finished(Proposal(mapping, {**known.reasons, **reasons, **outcomes}, known.origin), header, values_of)
    columns, reasons = _match_headers(kind, header, set(), {})
    if values_of is not None:
        _match_by_values(kind, header, columns, reasons, values_of)
        _person_id(kind, header, columns, reasons, values_of)
        _created_fallbacks(kind, header, columns, reasons, values_of)
        _region_by_country(kind, header, columns, reasons, (values_of, nests))
        _sheet_id(kind, header, columns, reasons, values_of)
    _without_hubspot_lead_status(columns, reasons, values_of)
    if kind == "deals" and "status" in columns and "stage" in columns and values_of is not None:
        _status_from_stage_when_it_says(columns, reasons, values_of)
    if kind == "deals" and "status" not in columns and "stage" in columns:
        # a stage column says whether a deal is won or lost: the status is read from it through a value map
        columns["status"] = columns["stage"]
        reasons["columns.status"] = f"no status column: read from the stage column {columns['stage'][0]!r}"
        _closed_at_stage_change(header, columns, reasons)
    for table, id_col, things in (("leads", "lead_id", "lead"), ("deals", "deal_id", "deal")):
        if kind == table and id_col not in columns:
            # a deal is joined to its lead by the lead's id, never by its own: a row id serves a deals file too
            columns[id_col] = (ROW_ID,)
            reasons[f"columns.{id_col}"] = (
                f"no id column: each {things}'s id is the file name and its row number, so a later export cannot be "
                f"appended to these {things}s (--mode append is refused: it would add every {things} again, as a new "
                "one); import each full export with --mode replace, or choose the file's id column if it has one"
            )
    values, value_reasons = _value_maps(kind, columns, values_of)
    keep, lost_by = _odoo_types(kind, header, columns, (values, value_reasons, reasons), values_of)
    disqualified_by = _odoo_lost_leads(header, reasons, values_of, beside) if kind == "leads" else {}
    flags, flag_reasons = _status_flags(kind, header, values_of)
    used = frozenset(name for names in columns.values() for name in names)
    reached, reached_reasons = _reached_flags(kind, header, values_of, used)
    _closed_stages(values, value_reasons, flags, columns, closed_of)
    multi = _listed_ids(kind, columns, reasons, values_of)
    salesforce_ids = _short_lead_ids_listed(columns, reasons, values_of)
    mapping = TableMapping(
        kind=kind,
        source=source,
        columns=columns,
        values=values,
        status_flags=flags,
        reached=reached,
        multi_value=multi,
        salesforce_ids=salesforce_ids,
        keep=keep,
        lost_by=lost_by,
        disqualified_by=disqualified_by,
    )
    reasons = {**reasons, **value_reasons, **flag_reasons, **reached_reasons}
    return _finished(Proposal(mapping, reasons), header, values_of)


# Odoo's crm.lead export (its labels as headers) keeps leads and opportunities in one file, told apart by Type; an
# opportunity keeps its lead's ID. Known by Type, Stage and Expected Revenue beside Salesperson or Sales Team (a
# Salesforce opportunity report has the first three too, its owner is "Opportunity Owner") and by Type's values,
# each Lead or Opportunity (Salesforce's Type says New Business, Existing Business) (trial 106)
ODOO_HEADERS = frozenset({"type", "stage", "expectedrevenue"})
ODOO_TEAM_HEADERS = frozenset({"salesperson", "salesteam"})
ODOO_TYPES = {"lead": "lead", "opportunity": "opportunity"}


def _odoo_type_column(header: Sequence[str], values_of: ValuesOf | None) -> tuple[str, ValueCounts] | None:
    """The Type column of an Odoo crm.lead export and its values, None for any other file."""
    keys = {header_key(name): name for name in reversed(header)}
    if values_of is None or not set(keys) >= ODOO_HEADERS or not ODOO_TEAM_HEADERS & set(keys):
        return None
    counts = [(v, n) for v, n in values_of(keys["type"]) if value_key(v)]
    if not counts or any(value_key(v) not in ODOO_TYPES for v, _ in counts):
        return None
    return keys["type"], counts


def _odoo_types(
    kind: str,
    header: Sequence[str],
    columns: dict[str, tuple[str, ...]],
    maps: tuple[dict[str, dict[str, str]], dict[str, str], dict[str, str]],
    values_of: ValuesOf | None,
) -> tuple[tuple[KeepCondition, ...] | None, dict[str, tuple[str, ...]]]:
    """An Odoo crm.lead export read by its Type: a lead's lifecycle stage (Stage is the opportunity's pipeline
    stage, whose Won and Proposition read as no lifecycle stage), a deals file's opportunities alone (the keep line
    returned) joined to their leads by the ID both share, an archived one lost (the [deals.lost_by] returned).
    `maps` (values, their reasons, column reasons) are updated."""
    found = _odoo_type_column(header, values_of)
    if found is None or values_of is None:
        return None, {}
    column, counts = found
    values, value_reasons, reasons = maps
    if kind == "leads":
        columns["lifecycle_stage"] = (column,)
        reasons["columns.lifecycle_stage"] = (
            f"an Odoo crm.lead export: {column!r} says a lead or an opportunity (its Stage is the opportunity's "
            "pipeline stage, no lifecycle stage)"
        )
        for key in [k for k in value_reasons if k.split(".")[:2] == ["values", "lifecycle_stage"]]:
            del value_reasons[key]
        values["lifecycle_stage"] = {
            value_key(v): "lead" if ODOO_TYPES[value_key(v)] == "lead" else "sql" for v, _ in counts
        } | {DEFAULT_KEY: STAGE_OF_REST}
        for v, n in counts:
            stage = "a lead, not converted" if ODOO_TYPES[value_key(v)] == "lead" else "converted to an opportunity"
            value_reasons[f"values.lifecycle_stage.{value_key(v)}"] = f"{stage} ({fmt_count(n, 'row')})"
        value_reasons[f"values.lifecycle_stage.{DEFAULT_KEY}"] = "any other value counts as a lead, said in the report"
        return None, {}
    if kind != "deals":
        return None, {}
    deal_id = columns.get("deal_id", (ROW_ID,))
    if "lead_id" not in columns and deal_id != (ROW_ID,):
        columns["lead_id"] = deal_id
        reasons["columns.lead_id"] = (
            f"an Odoo crm.lead export: an opportunity keeps its lead's {deal_id[0]!r}, the id of the leads file"
        )
    opportunities = tuple(v for v, _ in counts if ODOO_TYPES[value_key(v)] == "opportunity")
    leads = sum(n for v, n in counts if ODOO_TYPES[value_key(v)] == "lead")
    reasons["keep"] = (
        f"an Odoo crm.lead export: its {fmt_count(leads, 'row')} of type Lead are no opportunity, not imported as "
        "deals (import the file as leads too)"
    )
    return ((column, opportunities or ("Opportunity",)),), _odoo_archived_lost(header, reasons, values_of)


# what propose reads a file by beside its header: its values, saved mappings, the mapping's name, and the file's
# nests, values on a yes and values beside another column's value
Given = tuple[
    "ValuesOf | None",
    "Mapping[str, Mapping[str, TableMapping]] | None",
    str,
    "Nests | None",
    "ClosedOf | None",
    "Beside | None",
]


# Odoo's crm.lead fields as its import-compatible export names them, each with the label its other export writes
ODOO_FIELD_LABELS = {
    **{"id": "ID", "name": "Opportunity", "type": "Type", "stage_id": "Stage", "active": "Active"},
    **{"lost_reason_id": "Lost Reason", "expected_revenue": "Expected Revenue", "company_currency": "Currency"},
    **{"probability": "Probability", "create_date": "Created on", "date_closed": "Closed Date"},
    **{"user_id": "Salesperson", "team_id": "Sales Team", "source_id": "Source", "medium_id": "Medium"},
    **{"campaign_id": "Campaign", "partner_id": "Customer", "partner_name": "Company Name", "email_from": "Email"},
    **{"tag_ids": "Tags", "date_last_stage_update": "Last Stage Update"},
}


def _odoo_labels(header: Sequence[str]) -> dict[str, str] | None:
    """An Odoo crm.lead import-compatible export's field names -> their labels (None for any other file): known by
    type, stage_id and expected_revenue beside user_id or team_id, written as Odoo writes its fields."""
    names = set(header)
    if not {"type", "stage_id", "expected_revenue"} <= names or not {"user_id", "team_id"} & names:
        return None
    labels = {h: ODOO_FIELD_LABELS[h] for h in header if h in ODOO_FIELD_LABELS}
    # a label the file has as a column of its own would be read twice: the names are read as written
    return None if set(labels.values()) & names else labels


def _odoo_by_labels(
    kind: str,
    header: Sequence[str],
    labels: Mapping[str, str],
    given: Given,
) -> Proposal:
    """The proposal for an Odoo import-compatible export (stage_id, expected_revenue, user_id ...): the one its
    labelled export (Stage, Expected Revenue, Salesperson ...) gets, naming the file's own columns."""
    values_of, saved, source, nests, closed_of, beside = given
    back = {label: name for name, label in labels.items()}

    def named(label: str) -> str:
        return back.get(label, label)

    p = propose(
        kind,
        [labels.get(h, h) for h in header],
        None if values_of is None else lambda c: values_of(named(c)),
        saved,
        source,
        None if nests is None else lambda a, b: nests(named(a), named(b)),
        None if closed_of is None else lambda a, b: closed_of(named(a), named(b)),
        None if beside is None else lambda c, o, v: beside(named(c), named(o), v),
    )
    reasons = {
        ".".join(named(part) for part in key.split(".", 1))
        if key.split(".")[0] in ("lost_by", "disqualified_by")
        else key: why
        for key, why in p.reasons.items()
    }
    note = "an Odoo crm.lead import-compatible export: its field names read as the labels Odoo's export writes"
    return replace(
        p,
        mapping=renamed(p.mapping, named),
        reasons=reasons,
        unused=tuple(named(c) for c in p.unused),
        notes=(note, *p.notes),
    )


# Odoo's lost reason column as its export labels it, as header_key writes it
ODOO_LOST_REASON_KEYS = frozenset({"lostreason"})


def _odoo_lost_leads(
    header: Sequence[str], reasons: dict[str, str], values_of: ValuesOf | None, beside: Beside | None
) -> dict[str, tuple[str, ...]]:
    """[leads.disqualified_by] of an Odoo crm.lead export: the lost reasons of its leads (Type Lead), a lead marked
    lost being one sales rejected (reasons changed in place). A reason an opportunity has too is not listed: an
    opportunity lost for it would read as a disqualified lead, not an SQL whose deal was lost."""
    found = _odoo_type_column(header, values_of)
    lost = next((name for name in header if header_key(name) in ODOO_LOST_REASON_KEYS), None)
    if found is None or lost is None or beside is None:
        return {}
    column, counts = found
    by_type: dict[str, list[str]] = {"lead": [], "opportunity": []}
    for written, _ in counts:
        by_type[ODOO_TYPES[value_key(written)]] += beside(lost, column, written)
    of_opportunities = {value_key(v) for v in by_type["opportunity"]}
    listed = tuple(dict.fromkeys(v for v in by_type["lead"] if value_key(v) not in of_opportunities))
    shared = [v for v in dict.fromkeys(by_type["lead"]) if value_key(v) in of_opportunities]
    if not listed:
        return {}
    also = f"; not {', '.join(map(repr, shared))}, an opportunity's reason too" if shared else ""
    reasons[f"disqualified_by.{lost}"] = (
        f"an Odoo crm.lead export: a lead (Type Lead) marked lost was rejected by sales: its lead is disqualified{also}"
    )
    return {lost: listed}


def _odoo_archived_lost(
    header: Sequence[str], reasons: dict[str, str], values_of: ValuesOf
) -> dict[str, tuple[str, ...]]:
    """[deals.lost_by] of an Odoo crm.lead export: its `Active` column's no values (reasons changed in place). Odoo 17
    marks an opportunity lost by archiving it (crm.lead action_set_lost: active False, probability 0; its won_status
    'lost'), left in its stage, the lost reason optional; won is a stage of its own (is_won), never archived so."""
    active = next((name for name in header if header_key(name) in checks.ARCHIVE_KEYS), None)
    if active is None:
        return {}
    no = {value_key(v) for v in FALSE_VALUES}
    archived = [(v, n) for v, n in values_of(active) if value_key(v) in no]
    if not archived:
        return {}
    reasons[f"lost_by.{active}"] = (
        f"an Odoo crm.lead export: marking an opportunity lost archives it in its stage, its lost reason optional "
        f"({fmt_count(sum(n for _, n in archived), 'row')} of the file archived): a deal read as open is lost, "
        "a won one stays won"
    )
    return {active: tuple(v for v, _ in archived)}


# HubSpot's "Associated Contact IDs" (several per deal, "51182;51000") in English, German, French, Spanish,
# Portuguese, Dutch and Japanese, and its company ids likewise: read as lists, as the HubSpot preset reads them
ASSOCIATED_IDS: dict[str, frozenset[str]] = {
    "lead_id": frozenset(
        {
            *("associatedcontactids", "associatedcontactid", "zugeordnetekontaktids", "zugeordnetekontaktid"),
            *("iddecontactsassocies", "iddescontactsassocies", "iddecontactosasociados", "idsdecontactosasociados"),
            *("idsdecontatosassociados", "gekoppeldecontactids", "関連付けられたコンタクトのid"),
        }
    ),
    "account_id": frozenset({"associatedcompanyid", "associatedcompanyids", *ASSOCIATED_COMPANY_IDS}),
}
# the separators HubSpot's lists of ids are read at (its ";", and ", " of a list retyped), as its preset has them
ID_SEPARATORS: tuple[str, ...] = (";", ", ")
# two or more ids parted by ";" (listed_ids.COMMA_IDS reads "," too, where a proposal could take "1,234" for two)
SEMICOLON_IDS = re.compile(r"\s*[^;\s][^;]*(\s*;\s*[^;\s][^;]*)+\s*")


def _listed_ids(
    kind: str, columns: Mapping[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf | None
) -> dict[str, tuple[str, ...]]:
    """[kind.multi_value] for a deal's lead id, or an account id, read from HubSpot's associated ids (by the header in
    any of its languages) or from a column whose cells list ids parted by ";" (reasons changed in place): read as
    one id, "51182;51000" matched no lead and the deal was skipped (probe 62)."""
    multi: dict[str, tuple[str, ...]] = {}
    targets = {"deals": ("lead_id", "account_id"), "leads": ("account_id",)}.get(kind, ())
    for target in targets:
        names = columns.get(target, ())
        if len(names) != 1 or names[0] == ROW_ID:
            continue
        by_name = native_key(names[0]) in ASSOCIATED_IDS[target] or header_key(names[0]) in ASSOCIATED_IDS[target]
        listed = next((v for v, _ in values_of(names[0]) if SEMICOLON_IDS.fullmatch(v)), None) if values_of else None
        if not by_name and listed is None:
            continue
        multi[target] = ID_SEPARATORS
        said = f"its cells list several ids (such as {listed!r})" if listed else "HubSpot lists several ids in it"
        credited = "a deal is credited to its listed lead furthest along" if target == "lead_id" else "the first listed"
        reasons[f"multi_value.{target}"] = f"{names[0]!r}: {said}, read each at ';' or ', ' ({credited})"
    return multi


def _without_hubspot_lead_status(
    columns: dict[str, tuple[str, ...]],
    reasons: dict[str, str],
    values_of: ValuesOf | None,
    known: Proposal | None = None,
) -> None:
    """HubSpot's Lead Status taken out of the lifecycle stage (columns and reasons changed in place): in a file the
    HubSpot preset reads, or holding HubSpot's lead statuses only (Offener Deal, Open Deal), it is not the stage
    (README); the proposal's warning says so (_lead_status_unread). A saved mapping's own choice of it is kept, with
    its value map (a team may read its statuses as stages on purpose)."""
    names = columns.get("lifecycle_stage", ())
    if len(names) != 1 or header_key(names[0]) not in LEAD_STATUS_KEYS:
        return
    if known is not None and known.origin.startswith("saved:") and "lifecycle_stage" in known.mapping.columns:
        return
    if known is None or known.origin != "hubspot":
        keys = {header_key(v) for v, _ in values_of(names[0])} if values_of is not None else set()
        if not keys <= HUBSPOT_LEAD_STATUSES or not keys & HUBSPOT_ONLY_STATUSES:
            return
    del columns["lifecycle_stage"]
    reasons.pop("columns.lifecycle_stage", None)


def _lead_status_unread(m: TableMapping, unused: Sequence[str]) -> tuple[str, ...]:
    """A warning when a leads file's HubSpot Lead Status is left unread and no column gives the lifecycle stage."""
    status = next((h for h in unused if header_key(h) in LEAD_STATUS_KEYS), None)
    if m.kind != "leads" or "lifecycle_stage" in m.columns or status is None:
        return ()
    return (
        f"no lifecycle stage column: {status!r} is HubSpot's Lead Status, not its Lifecycle Stage, and is not read as "
        "the stage (its Unqualified often stays on a contact that went on to a deal), so every contact counts as a "
        "lead unless its stage dates or deals say more: export the Lifecycle Stage column too (German "
        "'Lifecycle-Phase' or 'Lebenszyklusphase'), or read the status as rejections with "
        f'[leads.disqualified_by] "{status}" = ["Unqualified"] (see the README)',
    )


# a leads file's yes/no column named for a stage (as header_key writes it): a hand-kept sheet's "MQL?" and "SQL?", an
# "Is MQL", a "Sales Qualified" (trial 57: left unread, the proposed import gave 0 MQLs and 0 SQLs)
STAGE_FLAG_HEADERS: dict[str, re.Pattern[str]] = {
    "mql": re.compile(r"(is|reached)?(mql|marketingqualified(lead)?)(reached|yn|yesno|flag)?"),
    "sql": re.compile(r"(is|reached)?(sql|salesqualified(lead)?)(reached|yn|yesno|flag)?"),
}
# headers that name a canonical column only when the file's values say so (as header_key writes them): Apple
# Numbers' "Lead" and "Deal" hold ids when every row has its own, its "MQL", "SQL" and "Closed" dates when they hold
# dates (a "Closed" of yes and no is a status flag, _status_flags; "Lead" may be a person's name)
BY_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "leads": {"lead": ("lead_id", "ids"), "mql": ("mql_at", "dates"), "sql": ("sql_at", "dates")},
    "deals": {"deal": ("deal_id", "ids"), "lead": ("lead_id", "refs"), "closed": ("closed_at", "dates")},
}
# a person's or contact's id in a leads file (as native_key writes it): Pipedrive's leads export has "Person - ID"
# beside "Lead - ID"; the deals of Pipedrive and HubSpot name the person, and the funnel counts people
PERSON_ID_KEYS: tuple[str, ...] = ("personid", "contactid")
# a marketing tool's own id of a person (as native_key writes it): Pardot's prospect "Id", a "Prospect ID",
# "Contact ID" or "Subscriber ID"; a CRM's "Record ID" is left alone, its deals name the people by it
MARKETING_TOOL_IDS: tuple[str, ...] = ("id", "prospectid", "contactid", "subscriberid")
# a Salesforce record id's letters and digits (with both, checked apart): 15, or 18 with the case-safe suffix
SALESFORCE_ID = re.compile(r"[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")
# a Salesforce report's record ids (Data Loader and the API write 18, the 15 with a checksum of their capitals)
SHORT_SALESFORCE_ID = 15
# headers of a marketing tool's copy of the Salesforce lead or contact id (as native_key writes them): Pardot's
# "CRM Lead FID" and "CRM Contact FID", others' "Salesforce Lead ID"
SALESFORCE_LEAD_ID_HEADERS: tuple[str, ...] = (
    "crmleadfid",
    "crmcontactfid",
    "salesforceleadid",
    "salesforcecontactid",
    "sfdcleadid",
    "sfdccontactid",
)
# a value written as a date: day, month and year as numbers with - / or . between, or ISO
DATE_VALUE = re.compile(r"\s*([0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4})\b.*")
# ... but not an IPv4 address, which has three dots between numbers too (Mailchimp's CONFIRM_IP: 10.0.0.12)
IP_ADDRESS = r"\s*[0-9]{1,3}([.][0-9]{1,3}){3}\s*"
# a value written as an id: letters and digits, with a digit, no spaces ("L-01", "D-7", "10023")
ID_VALUE = re.compile(r"[A-Za-z]*[-_#]?[0-9][A-Za-z0-9_-]*")


def _person_id(
    kind: str,
    header: Sequence[str],
    columns: dict[str, tuple[str, ...]],
    reasons: dict[str, str],
    values_of: ValuesOf,
) -> None:
    """A leads file's person (or contact) id read as lead_id in place of the lead record's own id (Pipedrive's
    "Person - ID" beside "Lead - ID", a UUID no deal carries): the funnel counts people, and Pipedrive's and HubSpot's
    deals name the person; kept as matched, and said why, when a person is on two rows or some row has none."""
    ids = columns.get("lead_id", ())
    if kind != "leads" or len(ids) != 1 or native_key(ids[0]) in PERSON_ID_KEYS:
        return
    taken = {n for names in columns.values() for n in names}
    person = next((h for h in header if native_key(h) in PERSON_ID_KEYS and h not in taken), None)
    if person is None:
        return
    counts = values_of(person)
    filled = [(v, n) for v, n in counts if v.strip()]
    blank = sum(n for v, n in counts if not v.strip())
    if not filled:
        return
    kept = f"{ids[0]!r}, the lead record's own id, is read rather than {person!r}"
    deals = f"a deals file that names {person!r} finds no lead: map its lead_id to another column or leave it out"
    if filled[0][1] > 1:
        reasons["columns.lead_id"] = (
            f"{kept}: a person is on several rows ({filled[0][0]!r} on {filled[0][1]:,}), and each lead is counted "
            f"once; {deals}"
        )
    elif blank:
        reasons["columns.lead_id"] = (
            f"{kept}: {fmt_count(blank, 'row')} {'has' if blank == 1 else 'have'} no person (a lead of an "
            f"organization only) and would have no id; {deals}"
        )
    else:
        columns["lead_id"] = (person,)
        reasons["columns.lead_id"] = (
            f"{person!r}, not {ids[0]!r}: the funnel counts people, and deals (Pipedrive's, HubSpot's) name the "
            f"person, not the lead record; {ids[0]!r} is an id no deal carries (each person is on one row here)"
        )


def _numbers_only(counts: ValueCounts) -> bool:
    """Whether a column's filled values are all numbers (1,234.50 and 90 alike), not all ISO 4217's numeric codes
    (978 EUR, 840 USD: a currency column of 3-digit numbers)."""
    filled = [v.strip().replace(",", "") for v, _ in counts if v.strip()]
    numbers = bool(filled) and all(re.fullmatch(r"[-+]?[0-9]*\.?[0-9]+", v) for v in filled)
    return numbers and not all(re.fullmatch(r"[0-9]{3}", v) for v in filled)


def _values_are(test: str, counts: ValueCounts) -> bool:
    """Whether a column's values pass BY_VALUES' test: ids (one row each, none blank), refs (ids, repeats and
    blanks allowed) or dates (every filled one a date, one at least)."""
    filled = [(v, n) for v, n in counts if v.strip()]
    if not filled:
        return False
    if test == "dates":
        return all(DATE_VALUE.fullmatch(v) and not re.fullmatch(IP_ADDRESS, v) for v, _ in filled)
    ids = all(ID_VALUE.fullmatch(v.strip()) for v, _ in filled)
    return ids and (test == "refs" or (len(filled) == len(counts) and all(n == 1 for _, n in filled)))


def _match_by_values(
    kind: str, header: Sequence[str], columns: dict[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf
) -> None:
    """Canonical columns left empty that a header of BY_VALUES fills, when the file's values say what it holds."""
    taken = {n for names in columns.values() for n in names}
    for name in header:
        target, test = BY_VALUES.get(kind, {}).get(header_key(name), ("", ""))
        if not target or target in columns or name in taken or not _values_are(test, list(values_of(name))):
            continue
        columns[target] = (name,)
        taken.add(name)
        what = {"ids": "an id of its own on every row", "refs": "ids", "dates": "dates"}[test]
        reasons[f"columns.{target}"] = f"{name!r} holds {what}: {target}"


# a hand-kept sheet's own id column, as header_key writes it ("#" as written): "Deal", "Deal #", "ID", "#", "Lead #".
# Its ids are short and nearly all its own, but a row pasted twice repeats one and a subtotal, note or total row writes
# a label in it: the strict test (BY_VALUES) refused it, and the proposal numbered the rows (@row), so a row pasted
# twice was two deals. The import skips the repeat as a duplicate id and the labels as totals or missing values
SHEET_ID_NAMES: dict[str, tuple[str, frozenset[str]]] = {
    "leads": ("lead_id", frozenset({"#", "lead", "leadno", "leadnr", "id", "no", "nr"})),
    "deals": ("deal_id", frozenset({"#", "deal", "dealno", "dealnr", "id", "no", "nr"})),
}
# an id of a hand-kept sheet is at most this long ("D12", "L-0042", "10023")
SHEET_ID_MAX = 20
# at most this share of a sheet's id rows repeat another's (a row or two pasted twice), and at least this many ids
SHEET_ID_REPEATS = 0.1
SHEET_ID_MIN = 3


def _sheet_ids(counts: ValueCounts) -> bool:
    """Whether a column's values are a hand-kept sheet's ids: short ids on at least half of the filled rows (the rest
    subtotal, total and note labels), at least SHEET_ID_MIN of them, and few repeated (a row pasted twice)."""
    filled = [(v.strip(), n) for v, n in counts if v.strip()]
    ids = [(v, n) for v, n in filled if len(v) <= SHEET_ID_MAX and ID_VALUE.fullmatch(v)]
    rows = sum(n for _, n in ids)
    repeats = sum(n - 1 for _, n in ids)
    others = sum(n for _, n in filled) - rows
    return len(ids) >= SHEET_ID_MIN and others <= rows and repeats <= max(1, int(SHEET_ID_REPEATS * rows))


def _sheet_id(
    kind: str, header: Sequence[str], columns: dict[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf
) -> None:
    """The id of a file without one proposed so far: a column named as a sheet's id (SHEET_ID_NAMES) whose values
    are short ids, nearly all its own, rather than the row number (@row)."""
    target, names = SHEET_ID_NAMES.get(kind, ("", frozenset()))
    if not target or target in columns:
        return
    taken = {n for ns in columns.values() for n in ns}
    for name in header:
        if (header_key(name) or name.strip()) not in names or name in taken:
            continue
        counts = list(values_of(name))
        if _sheet_ids(counts):
            columns[target] = (name,)
            repeated = sum(1 for v, n in counts if v.strip() and n > 1)
            again = (
                f"; {fmt_count(repeated, 'id')} on more than one row (a row pasted twice?): the import keeps the first"
                if repeated
                else ""
            )
            reasons[f"columns.{target}"] = f"{name!r} holds short ids, one a row{again}: {target}"
            return


# columns that say when a record came, after the one a file names its creation (as header_key writes them):
# Mailchimp fills CONFIRM_TIME, not OPTIN_TIME, for contacts added without an opt-in (an imported list)
CREATED_LATER: tuple[str, ...] = ("confirmtime", "confirmedat", "confirmdate", "subscribedat", "signupdate")


# a close or expected close date's name, as header_key writes it or, for scripts header_key drops, as written:
# HubSpot's "Sluitingsdatum" and "クローズ日", Salesforce's "完了予定日" were proposed as the creation date because
# they came first in the file (a deal is closed after it is created, never before)
CLOSE_WORDS: tuple[str, ...] = ("close", "closing", "sluit", "abschluss", "cloture", "cierre", "fechamento", "chiusura")
CLOSE_WRITTEN: tuple[str, ...] = (
    *("クローズ", "完了", "成約", "结束", "關閉", "关闭", "마감"),
    # Greek, Turkish, Hebrew, Arabic, Traditional Chinese and Korean ("Ημερομηνία κλεισίματος", "Kapanış Tarihi")
    *("κλεισ", "Κλεισ", "Kapanış", "Kapanma", "סגירה", "الإغلاق", "الاغلاق", "結束", "結案", "종료"),
)


def close_like(name: str, kind: str = "deals") -> bool:
    """Whether a column's name says when a deal closed or is expected to close (a closed_at synonym, or a close
    word in it: "Expected Close Date", "完了予定日")."""
    key = header_key(name)
    closed = SYNONYMS.get(kind, {}).get("closed_at", ())
    return key in closed or any(w in key for w in CLOSE_WORDS) or any(w in name for w in CLOSE_WRITTEN)


# a record's last change or activity, as header_key writes it (ZoomInfo's "Last Updated Date", SuiteCRM's
# date_modified, Klaviyo's "Last Active", Intercom's "Last seen"): never when it came, so never a creation date
UPDATED_WORDS: tuple[str, ...] = (
    *("updated", "modif", "lastactiv", "lastseen", "lastcontact", "lastengag", "lasttouch", "lastvisit"),
    # German "Zuletzt geändert" / "Aktualisiert am", Spanish and Portuguese "Actualizado", "Atualizado"
    *("geandert", "aktualisiert", "actualiz", "atualiz"),
)


def updated_like(name: str) -> bool:
    """Whether a column's name says when a record last changed or was last active ("Last Updated Date")."""
    key = header_key(name)
    return any(w in key for w in UPDATED_WORDS)


# a record's last change, not its last activity (HubSpot's and Salesforce's "Last Modified Date", LastModifiedDate,
# "Last Updated", date_modified): a row changed before a date its stored record already holds is from an older export
MODIFIED_WORDS: tuple[str, ...] = ("modif", "updated", "geandert", "aktualisiert", "actualiz", "atualiz")


def modified_like(name: str) -> bool:
    """Whether a column's name says when a record last changed ("Last Modified Date"), not when it was last active."""
    key = header_key(name)
    return any(w in key for w in MODIFIED_WORDS)


def creation_like(name: str, kind: str = "leads") -> bool:
    """Whether a column's name says when a record came (a created_at synonym, or CREATED_LATER); never for a table
    without a creation date (a touch's date is its response, a spend row's its month: a Campaign Members report's
    Created Date beside a blank First Responded Date is a member who never responded, not a touch)."""
    if "created_at" not in SYNONYMS.get(kind, {}):
        return False
    key = header_key(name)
    return key != "date" and (key in SYNONYMS[kind]["created_at"] or key in CREATED_LATER)


def _created_fallbacks(
    kind: str, header: Sequence[str], columns: dict[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf
) -> None:
    """The created date as a list, when the chosen column has blanks and other creation-like columns of the file
    have dates: the first non-blank of them fills each row (Mailchimp's ["OPTIN_TIME", "CONFIRM_TIME"])."""
    chosen = columns.get("created_at", ())
    if kind not in ("leads", "deals") or len(chosen) != 1:
        return
    taken = {n for names in columns.values() for n in names}
    # the values are asked for only when the file has another creation-like column
    named = [h for h in header if h not in taken and creation_like(h, kind)]
    blank = dict(values_of(chosen[0])).get("", 0) if named else 0
    later = [h for h in named if blank and _values_are("dates", list(values_of(h)))]
    if not later:
        return
    columns["created_at"] = (*chosen, *later)
    reasons["columns.created_at"] = (
        f"{chosen[0]!r}, blank on {fmt_count(blank, 'row')}: then {', '.join(map(repr, later))}, which say when a "
        "record came too (Mailchimp fills CONFIRM_TIME for contacts added without an opt-in); the first non-blank "
        "of them is read, and the report says how many rows took a later one"
    )


# region headers that may hold a state or province (Mailchimp's REGION: NY, ON, IDF) and headers of a country
SUBNATIONAL = frozenset({"region", "state"})
COUNTRY = frozenset({"country", "countrycode", "cc"})
# a state or province code: two or three capital letters
STATE_CODE = re.compile(r"[A-Z]{2,3}")


def _region_by_country(
    kind: str,
    header: Sequence[str],
    columns: dict[str, tuple[str, ...]],
    reasons: dict[str, str],
    values: tuple[ValuesOf, Nests | None],
) -> None:
    """The country as a lead's region when the region matched holds state codes beside a country column: a state
    splits each country's leads, and the same code is a state in one country and another in the next. Codes that
    do not nest in the countries (NA, EU, APJ: sales regions of several countries each) stay the region."""
    values_of, nests = values
    chosen = columns.get("region", ())
    country = next((h for h in header if header_key(h) in COUNTRY), None)
    if kind != "leads" or len(chosen) != 1 or header_key(chosen[0]) not in SUBNATIONAL or country is None:
        return
    filled = [v for v, _ in values_of(chosen[0]) if v.strip()]
    if not filled or not all(STATE_CODE.fullmatch(v.strip()) for v in filled):
        return
    # without the file's rows the codes' nesting is unknown: the region stays as matched
    if nests is None or not nests(chosen[0], country):
        return
    columns["region"] = (country,)
    reasons["columns.region"] = (
        f"{country!r}, the country: {chosen[0]!r} beside it holds state or province codes ({', '.join(filled[:3])}), "
        "which split a country's leads; map region to it for regions within one country"
    )


def _says_outcomes(counts: ValueCounts) -> bool:
    """Whether a column's values say won or lost (or a code or word for an ended deal) for some deal."""
    return any(deal_status_of(v) or _ended(v) or _code(v) for v, _ in counts)


def _status_from_stage_when_it_says(
    columns: dict[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf
) -> None:
    """The stage column as the status when the column matched as the status never says won or lost and the stage
    does: a Brazilian export's "Estado" is the customer's state (SP, RJ) beside its "Etapa" (Ganho, Perdido)."""
    status, stage = columns["status"][0], columns["stage"][0]
    if status == stage or _says_outcomes(list(values_of(status))) or not _says_outcomes(list(values_of(stage))):
        return
    columns["status"] = columns["stage"]
    reasons["columns.status"] = (
        f"read from the stage column {stage!r}: {status!r} has no won or lost value (not a deal's status)"
    )


def _with_file_outcomes(
    m: TableMapping, header: Sequence[str], values_of: ValuesOf | None
) -> tuple[TableMapping, dict[str, str]]:
    """A preset's deal status map with the file's values it does not know that say won or lost (an Airtable base's
    "Won", Kommo's "Closed - won" under Salesforce-like headers): its default would read them as open."""
    names = [n for n in m.columns.get("status", ()) if n in header]
    if m.kind != "deals" or values_of is None or not names or "status" not in m.values:
        return m, {}
    known = dict(m.values["status"])
    added, reasons = {}, {}
    for value, rows in values_of(names[0]):
        key, status = value_key(value), deal_status_of(value)
        if status is not None and key not in known:
            added[key] = status
            reasons[f"values.status.{key}"] = (
                f"reads as {status} ({fmt_count(rows, 'row')}; the preset does not know it)"
            )
    if not added:
        return m, {}
    return replace(m, values={**m.values, "status": {**added, **known}}), reasons


# yes/no columns of a deal saying it is won or closed, as header_key writes them (Bitrix24's and Airtable's "Closed",
# HubSpot's "Is Closed Won"; Salesforce's "Won" and "Closed" in German, French, Spanish and Japanese): they decide
# the status over the stage's name, as the presets' status_flags do
STATUS_FLAG_KEYS: dict[str, tuple[str, ...]] = {
    "won": ("won", "iswon", "isclosedwon", "dealwon", "gewonnen", "gagne", "ganada", "成立"),
    "closed": ("closed", "isclosed", "isdealclosed", "dealclosed", "geschlossen", "ferme", "cerrada", "完了"),
}


# a column's values (as cleaned) on the rows where a yes/no column says yes: ClosedOf(stage, closed)
ClosedOf = Callable[[str, str], list[str]]


def _closed_stages(
    values: dict[str, dict[str, str]],
    reasons: dict[str, str],
    flags: Mapping[str, tuple[str, ...]],
    columns: Mapping[str, tuple[str, ...]],
    closed_of: ClosedOf | None,
) -> None:
    """A stage on closed deals (a closed flag without a won one) that is no won or lost word is left to the user,
    not proposed open: Bitrix24's renamed final stages ("Invoice paid" with Closed = Y) were proposed open and
    then stored lost. The import refuses such deals until the mapping says won or lost."""
    table = values.get("status")
    if closed_of is None or table is None or "won" in flags or "closed" not in flags or "status" not in columns:
        return
    flag = flags["closed"][0]
    closed = {value_key(v) for v in closed_of(columns["status"][0], flag)}
    undecided = closed & {k for k, v in table.items() if v == STATUS_OF_REST and k != DEFAULT_KEY}
    for key in sorted(undecided):
        del table[key]
        rows = re.search(r"\(([0-9,]+ rows?)\)$", reasons.get(f"values.status.{key}", ""))
        counted = f"{rows.group(1)}, " if rows else ""
        reasons[f"values.status.{key}"] = (
            f"{flag!r} says closed, but not a won or lost word: choose won or lost ({counted}its closed deals "
            "refused until then)"
        )
    if undecided and table.pop(DEFAULT_KEY, None) is not None:
        reasons.pop(f"values.status.{DEFAULT_KEY}", None)


def _status_flags(
    kind: str, header: Sequence[str], values_of: ValuesOf | None
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The won / closed yes-no columns of a deals file, when every value of theirs is a yes or a no."""
    if kind != "deals" or values_of is None:
        return {}, {}
    known = {value_key(v) for v in (*TRUE_VALUES, *FALSE_VALUES)} | {""}
    flags: dict[str, tuple[str, ...]] = {}
    reasons: dict[str, str] = {}
    for flag, keys in STATUS_FLAG_KEYS.items():
        names = [h for h in header if header_key(h) in keys or native_key(h) in keys]
        if names and all(value_key(v) in known for v, _ in values_of(names[0])):
            flags[flag] = (names[0],)
            reasons[f"status_flags.{flag}"] = f"{names[0]!r} says yes or no: it decides whether a deal is {flag}"
    return flags, reasons


def _reached_flags(
    kind: str, header: Sequence[str], values_of: ValuesOf | None, used: frozenset[str] = frozenset()
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The yes/no columns of a leads file that say a stage was reached, as the Salesforce preset reads its Converted
    column: a converted lead was accepted by sales (Zoho's "Converted" true/false was left unread, SQL 0)."""
    preset = preset_mapping("salesforce", "leads")
    if kind != "leads" or values_of is None or preset is None:
        return {}, {}
    known = {value_key(v) for v in (*TRUE_VALUES, *FALSE_VALUES)} | {""}
    reached: dict[str, tuple[str, ...]] = {}
    reasons: dict[str, str] = {}
    for stage, names in preset.reached.items():
        keys = {header_key(n) for n in names}
        found = [h for h in header if header_key(h) in keys]
        if found and all(value_key(v) in known for v, _ in values_of(found[0])):
            reached[stage] = (found[0],)
            reasons[f"reached.{stage}"] = (
                f"{found[0]!r} says yes or no: a yes (a converted lead) reached {stage} at least, as the Salesforce "
                "preset reads its Converted column"
            )
    for stage, pattern in STAGE_FLAG_HEADERS.items():
        found = [h for h in header if h not in used and pattern.fullmatch(header_key(h))]
        if stage not in reached and found and _yes_no_with_a_yes(values_of(found[0]), known):
            reached[stage] = (found[0],)
            reasons[f"reached.{stage}"] = (
                f"{found[0]!r} names the stage and says yes or no: a yes reached {stage} at least (with no date: "
                "counted in the funnel, in no month's count by the stage's date)"
            )
    return reached, reasons


def _yes_no_with_a_yes(counts: ValueCounts, known: set[str]) -> bool:
    """Whether a column's values are all yes, no or blank, with at least one yes."""
    yes = {value_key(v) for v in TRUE_VALUES}
    return all(value_key(v) in known for v, _ in counts) and any(value_key(v) in yes for v, _ in counts)


def _salesforce_ids(
    targets: frozenset[str], columns: Mapping[str, tuple[str, ...]], values_of: ValuesOf | None = None
) -> tuple[frozenset[str], str | None]:
    """The preset's Salesforce id columns that the file fills from id columns of Salesforce ids, and why: a name
    column matched by meaning (account_id = "Company") is no id, and a 15-letter name would get three letters added;
    Pardot's prospect "Id" (a number) matched the preset's "Id" and was listed as one (trial 35)."""
    named = [t for t in sorted(targets) if t in columns and columns[t] != (ROW_ID,)]
    headed = [t for t in named if all(ID_COLUMN.search(n.strip()) for n in columns[t])]
    other = [t for t in headed if values_of is not None and not _salesforce_values(values_of(columns[t][0]))]
    kept = [t for t in headed if t not in other]
    if not named:
        return frozenset(), None
    said = [f"{t} ({', '.join(repr(n) for n in columns[t])})" for t in kept]
    why = f"record ids, stored in the 18-character form Data Loader writes: {', '.join(said) or 'none'}"
    left = [f"not {t}: {columns[t][0]!r} is not an id column" for t in named if t not in headed]
    left += [
        f"not {t}: {columns[t][0]!r} holds other ids than Salesforce's (15 or 18 letters and digits)" for t in other
    ]
    return frozenset(kept), "; ".join([why, *left])


def _short_lead_ids(columns: Mapping[str, tuple[str, ...]], values_of: ValuesOf | None) -> frozenset[str]:
    """{"lead_id"} when the file's lead id column holds a Salesforce report's 15-character ids: the import stores a
    lead's id in its 18-character form, and refused such a file until salesforce_ids = ["lead_id"] was added by hand
    (probe 79: a campaign members export, and an opportunities report's custom Lead ID)."""
    names = columns.get("lead_id", ())
    if values_of is None or len(names) != 1 or names[0] == ROW_ID or not ID_COLUMN.search(names[0].strip()):
        return frozenset()
    counts = values_of(names[0])
    filled = [v.strip() for v, _ in counts if v.strip()]
    short = bool(filled) and all(len(v) == SHORT_SALESFORCE_ID for v in filled) and _salesforce_values(counts)
    return frozenset({"lead_id"}) if short else frozenset()


def _short_lead_ids_listed(
    columns: Mapping[str, tuple[str, ...]], reasons: dict[str, str], values_of: ValuesOf | None
) -> frozenset[str]:
    """salesforce_ids for a file matched by meaning: its lead id when that holds 15-character Salesforce ids (the
    reason added to `reasons` in place)."""
    salesforce_ids, why = _salesforce_ids(_short_lead_ids(columns, values_of), columns, values_of)
    if salesforce_ids and why:
        reasons["salesforce_ids"] = why
    return salesforce_ids


def _salesforce_values(counts: ValueCounts) -> bool:
    """Whether a column's filled values are Salesforce ids: 15 or 18 letters and digits, with both (a Pardot
    prospect id, 10234567, is a number)."""
    filled = [v.strip() for v, _ in counts if v.strip()]
    return all(SALESFORCE_ID.fullmatch(v) and re.search("[0-9]", v) and re.search("[A-Za-z]", v) for v in filled)


def _with_currency(p: Proposal, header: Sequence[str], values_of: ValuesOf | None = None) -> Proposal:
    """Amounts beside a currency-code column (an ad manager account's "Currency code", Pipedrive's "Deal -
    Currency"): the proposal names it, so that an import of amounts in several currencies is refused, not summed.
    A column of numbers is no such column whatever its header says ("Umsatz Fremdwährung": an amount)."""
    m = p.mapping
    if m.kind not in CURRENCY_CHECKED or "code" in m.one_currency or "amount" not in m.columns:
        return p
    for name in header:
        if is_currency_column(name) and not (values_of is not None and _numbers_only(values_of(name))):
            reasons = {**p.reasons, "one_currency.code": f"{name!r} names each row's currency: one currency only"}
            m = replace(m, one_currency={**m.one_currency, "code": (name,)})
            return _with_converted(replace(p, mapping=m, reasons=reasons), header, name)
    return p


def _with_converted(p: Proposal, header: Sequence[str], code: str) -> Proposal:
    """An amount in each row's own currency beside its company-currency twin (Dynamics 365's "Est. Revenue (Base)",
    Freshsales' "Base currency amount", SugarCRM's "amount_usdollar"): the twin is read first and named converted,
    as the presets read HubSpot's "Amount in company currency" and Salesforce's "Amount (converted)", so the rows of
    several currencies add up in the company's."""
    m = p.mapping
    own = m.columns.get("amount", ())
    if "converted" in m.one_currency or len(own) != 1 or (converted := likely_converted(header, own)) is None:
        return p
    columns = {**m.columns, "amount": (converted, own[0])}
    reasons = {
        **p.reasons,
        "columns.amount": (
            f"{converted!r}, the amount in the company's currency, then {own[0]!r} where it is blank: {code!r} names "
            f"each row's currency, and {own[0]!r} is in that currency; the rows of {converted!r} add up, whatever "
            "each row's currency"
        ),
        "one_currency.converted": f"{converted!r} is {own[0]!r} converted to the company's currency",
    }
    m = replace(
        m, columns=columns, one_currency={**m.one_currency, "converted": (converted,)}, listed=m.listed | {"amount"}
    )
    return replace(p, mapping=m, reasons=reasons)


def _with_account_from(p: Proposal) -> Proposal:
    """An account_id matched from a column of names or addresses ("Company", "Email"), not ids: the account is
    derived from it (account_from), so "Acme, Inc." and "ACME inc" are one account and "-" none, not two and one."""
    m = p.mapping
    names = m.columns.get("account_id", ())
    if m.kind not in ACCOUNT_FROM_KINDS or m.account_from or len(names) != 1:
        return p
    # by the header's name alone, and only names that say so: "ACCOUNTID", "Account #" or "(Do Not Modify) Account"
    # hold ids, whatever their spelling
    how = ACCOUNT_NAME_HEADERS.get(header_key(names[0]))
    if how is None and ACCOUNT_NAME_HEADERS.get(_after_entity(names[0])) == "company":
        # Pipedrive's "Person - Organization", "Deal - Organization": the organization's name after the object's
        how = "company"
    if how is None:
        return p
    why = (
        f"{names[0]!r} holds {'addresses' if how == 'email_domain' else 'company names'}, not account ids: the account "
        f"is {accounts.ACCOUNT_FROM[how]}, read the same way in every row (see the README: account_from)"
    )
    # a company name is one name: "Smith, Jones & Partners" is not three accounts (mapping.lists_accounts)
    multi = {k: v for k, v in m.multi_value.items() if not (how == "company" and k == "account_id")}
    return replace(
        p, mapping=replace(m, account_from=how, multi_value=multi), reasons={**p.reasons, "account_from": why}
    )


# a column named after a month ("Jan 2026", "February", "2026-03", "03/2026"): a plan laid out one column per month
MONTH_HEADER = re.compile(
    r"(?i)\s*((jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?)\.?([ -]*'?[0-9]{2,4})?"
    r"|[0-9]{4}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{4})\s*"
)


def months_as_columns(header: Sequence[str]) -> list[str]:
    """The columns of a header named after months (a plan with a column per month), when there are two or more."""
    found = [h for h in header if MONTH_HEADER.fullmatch(h)]
    return found if len(found) > 1 else []


def wide_months_advice(months: Sequence[str]) -> str:
    """What to do with a file that has a column per month: the import reads one row per month."""
    return (
        f"the file has a column per month ({', '.join(months[:4])}{' …' if len(months) > 4 else ''}); the import "
        "reads one row per month and metric (month, metric, value, and source or team if any): turn the month "
        "columns into rows first (in a spreadsheet: one row per month, or Power Query's Unpivot Columns)"
    )


def _organization_id(p: Proposal, header: Sequence[str]) -> Proposal:
    """An organizations file's account_id read from its "Organization - ID", said to match only persons and deals
    exported with that id: Pipedrive's exports name a person's or deal's organization by its name unless asked."""
    m = p.mapping
    ids = m.columns.get("account_id", ())
    if m.kind != "accounts" or len(ids) != 1 or header_key(ids[0]) not in ORGANIZATION_IDS:
        return p
    name = next((h for h in header if header_key(h) in ("organizationname", "organisationname")), "the name column")
    why = (
        f"{ids[0]!r} is the organization's id: it matches the persons and deals only where their exports carry it "
        f'too ({ids[0]!r} as a related field); where they name the organization ("Person - Organization", as '
        f'proposed with account_from = "company"), map account_id = {name!r} here with account_from = "company"'
    )
    return replace(p, reasons={**p.reasons, "columns.account_id": why})


def _finished(p: Proposal, header: Sequence[str], values_of: ValuesOf | None = None) -> Proposal:
    """The proposal with the required columns nothing fills and the file columns nothing reads."""
    p = _organization_id(_with_account_from(_with_currency(p, header, values_of)), header)
    m = p.mapping
    filled = set(m.columns) | set(m.constants) | set(m.from_lead)
    used = (
        {
            n
            for names in [
                *m.columns.values(),
                *m.status_flags.values(),
                *m.reached.values(),
                *m.one_currency.values(),
                *m.campaign_by_source.values(),
            ]
            for n in names
        }
        | set(m.disqualified_by)
        | set(m.lost_by)
        | {column for column, _ in m.keep or ()}
    )
    missing = tuple(c for c in required_columns(m.kind) if c not in filled)
    unused = tuple(h for h in header if h not in used)
    notes = _e_mail_key(m, header, values_of) + _salesforce_lead_column(m, unused) + _dynamics_lead_key(m, header)
    notes += _sell_contact_key(m, header)
    notes += _unread_meanings(m, header, unused, values_of)
    return replace(
        p,
        missing=missing,
        unused=unused,
        warnings=_self_reported_source(m, unused)
        + _other_currency(m, header)
        + _dynamics_lead_name(m, unused)
        # one warning for a deals file's contact named by name: Copper's own words where its header is Copper's
        + (_copper_contact_name(m, unused, values_of) or _contact_by_name(m, unused, values_of))
        + _lead_status_unread(m, unused)
        + _later_stages_unread(m, unused, values_of),
        notes=notes,
    )


def _later_stages_unread(m: TableMapping, unused: Sequence[str], values_of: ValuesOf | None) -> tuple[str, ...]:
    """A warning for an unread status column of a leads file whose values name funnel stages past every stage the
    read lifecycle column names (Marketo's Person Status beside its Lead Status), with the line that reads it."""
    # before, a Marketo export with both read Lead Status (Open, Contacted, Qualified) and left Person Status's 42
    # Opportunity and 25 Customer rows unread: the funnel ended at 0 opportunities, said only in the unread list
    # (trial 71)
    read = m.columns.get("lifecycle_stage", ())
    if m.kind != "leads" or len(read) != 1 or values_of is None:
        return ()
    words, order = _stage_words(), {stage: n for n, stage in enumerate(config.STAGES)}
    candidates = set(SYNONYMS["leads"]["lifecycle_stage"])

    def stages(column: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for value, rows in values_of(column):
            stage = words.get(value_key(value))
            if stage in order:
                found[stage] = found.get(stage, 0) + rows
        return found

    furthest = max((order[s] for s in stages(read[0])), default=-1)
    said = []
    for column in unused:
        # HubSpot's Lead Status is never the stage (README; _lead_status_unread)
        if header_key(column) in LEAD_STATUS_KEYS or (
            header_key(column) not in candidates and not lifecycle_like(column)
        ):
            continue
        later = {s: n for s, n in stages(column).items() if order[s] > furthest}
        if later:
            shown = ", ".join(f"{s} {fmt_count(n, 'row')}" for s, n in sorted(later.items(), key=lambda x: order[x[0]]))
            said.append(
                f"{column!r} is not read, yet its values name later stages ({shown}) than {read[0]!r}, which the "
                f'stage is read from: if {column!r} is the funnel stage, map lifecycle_stage = "{column}"'
            )
    return tuple(said)


def _unread_meanings(
    m: TableMapping, header: Sequence[str], unused: Sequence[str], values_of: ValuesOf | None
) -> tuple[str, ...]:
    """A note on each unread column whose name says what it holds (a job title: persona is never proposed from it,
    as a title is free text of as many values as people write), with the line that reads it."""
    notes = []
    for name, target in unread_meanings(m.kind, [*m.columns, *m.constants, *m.from_lead], unused, header):
        if values_of is None:
            # a header alone: how many rows fill it is not known, and not said
            notes.append(unread_meaning_line(m.kind, name, target, None, None, here=True))
            continue
        counts = [(v, n) for v, n in values_of(name) if v.strip()]
        if counts:
            notes.append(unread_meaning_line(m.kind, name, target, sum(n for _, n in counts), len(counts), here=True))
    return tuple(notes)


def _e_mail_key(m: TableMapping, header: Sequence[str], values_of: ValuesOf | None) -> tuple[str, ...]:
    """A note when a leads file's id is a tool's own number beside an e-mail column (Pardot's prospect "Id" beside
    "Email"): keyed by the number, its people are counted again beside another tool's keyed by e-mail (trial 35)."""
    ids = m.columns.get("lead_id", ())
    e_mail = next((h for h in header if native_key(h) in E_MAIL_HEADERS and h not in ids), None)
    if m.kind != "leads" or len(ids) != 1 or e_mail is None or values_of is None:
        return ()
    if native_key(ids[0]) not in MARKETING_TOOL_IDS:
        # a CRM's record id (HubSpot's Record ID) is what its deals name the people by: it stays the key
        return ()
    filled = [v.strip() for v, _ in values_of(ids[0]) if v.strip()]
    if not filled or not all(v.isdigit() for v in filled):
        return ()
    return (
        f"{ids[0]!r} is this tool's own number for each person; {e_mail!r} is the key that joins other tools' "
        f"exports of the same people (ActiveCampaign, Mailchimp, a CRM's contacts): to import this file beside "
        f'them, write lead_id = "{e_mail}" here and map lead_id to the e-mail column in the others too, or each '
        "person is counted once per tool (keep the number if a deals or touches file names the people by it)",
    )


def _salesforce_lead_column(m: TableMapping, unused: Sequence[str]) -> tuple[str, ...]:
    """A note naming a marketing tool's copy of the Salesforce lead id (Pardot's "CRM Lead FID") left unread."""
    found = [h for h in unused if native_key(h) in SALESFORCE_LEAD_ID_HEADERS]
    if m.kind != "leads" or not found:
        return ()
    names = ", ".join(repr(h) for h in found)
    # an opportunity names the contact, so a contact id column comes first; the tool's own id keeps the rest
    linked = sorted(found, key=lambda h: "contact" not in native_key(h)) + list(m.columns.get("lead_id", ()))
    return (
        f"{names} {'is' if len(found) == 1 else 'are'} the Salesforce lead (or contact) id of the people synced "
        "to Salesforce (15 or 18 letters and digits), not read: Salesforce's leads and opportunities name the "
        "people by it, and rows not synced leave it blank. To link Salesforce opportunities to these people, "
        f"write lead_id = {json.dumps(linked, ensure_ascii=False)} under [leads.columns] (the Salesforce id where "
        'there is one, else this tool\'s own) and salesforce_ids = ["lead_id"] under [leads]',
    )


# Dynamics 365: an opportunity's "Originating Lead" is the lead lookup written as the lead's display name (its
# "Name" column), not the hidden "(Do Not Modify) Lead" GUID a leads export is keyed by (as header_key writes them)
DYNAMICS_LEAD_NAME = "originatinglead"
DYNAMICS_LEAD_ID = "donotmodifylead"
DYNAMICS_NAME_HEADERS = ("name", "fullname")


def _dynamics_lead_name(m: TableMapping, unused: Sequence[str]) -> tuple[str, ...]:
    """A warning naming a Dynamics opportunities file's "Originating Lead", left unread: it names each deal's lead by
    the lead's Name, so without it every deal counts as outbound, and with the leads keyed by their GUID it meets
    none of them."""
    found = next((h for h in unused if header_key(h) == DYNAMICS_LEAD_NAME), None)
    if m.kind != "deals" or found is None or "lead_id" in m.columns:
        return ()
    return (
        f"{found!r} (Dynamics 365) names each opportunity's lead by the lead's Name, not by the hidden "
        "'(Do Not Modify) Lead' id, so it is not read and no deal is linked to a lead (each counts as outbound, by its "
        f'own source). To link them, import the leads keyed by their name (lead_id = "Name" under [leads.columns], '
        f'each name one lead) and write lead_id = "{found}" under [deals.columns] here',
    )


# Copper: an opportunity's "Primary Contact" is the person's name (a lead converted is a person of the People export,
# which has no id column), not an id or e-mail address a leads file is keyed by (as header_key writes it)
COPPER_CONTACT_NAME = "primarycontact"


def _copper_contact_name(m: TableMapping, unused: Sequence[str], values_of: ValuesOf | None) -> tuple[str, ...]:
    """A warning naming a Copper opportunities file's "Primary Contact", left unread: it names each deal's person by
    name, so without it every deal counts as outbound, and with the leads keyed by their e-mail it meets none."""
    found = next((h for h in unused if header_key(h) == COPPER_CONTACT_NAME), None)
    if m.kind != "deals" or found is None or "lead_id" in m.columns:
        return ()
    # another CRM's "Primary Contact" may hold the person's id or e-mail address (review 109): keying the leads by
    # their Name, as Copper's advice says, would then link none of its deals
    written = deal_links.person_written_as([v for v, _ in values_of(found)]) if values_of is not None else "name"
    if written != "name":
        return (
            f"{found!r} names each deal's person by {written}, and is not read, so no deal is linked to a lead (each "
            f'counts as outbound, by its own source). To link them, write lead_id = "{found}" under [deals.columns] '
            f"here, with the leads stored by the same {'ids' if written == 'id' else 'e-mail addresses'}",
        )
    return (
        f"{found!r} (Copper) names each opportunity's person by the person's name, not by an id or e-mail address, "
        "so it is not read and no deal is linked to a lead (each counts as outbound, by its own source). To link "
        "them, import the Leads export, then the People export with --mode append (on the Data page: add / update "
        'by id; a replace would remove the leads), both keyed by their name (lead_id = "Name" under [leads.columns], '
        f'each name one person; two people of one name would be one) and write lead_id = "{found}" under '
        "[deals.columns] here",
    )


# a deals file's column naming each deal's contact (Zendesk Sell's deals export: "Contact", the primary contact's
# display name), as header_key writes it; read as the lead only when its values are people's names (a space, no digit,
# no @), never proposed: the contacts must be keyed by that name for it to link them (trial 110)
CONTACT_NAME_HEADERS: tuple[str, ...] = ("contact", "contactname", "primarycontact", "primarycontactname")


def _contact_by_name(m: TableMapping, unused: Sequence[str], values_of: ValuesOf | None) -> tuple[str, ...]:
    """A warning naming a deals file's unread contact column that holds the contacts' names: without it no deal is
    linked to a lead, and it links them only to contacts keyed by their name."""
    if m.kind != "deals" or "lead_id" in m.columns or values_of is None:
        return ()

    def names(column: str) -> bool:
        values = [str(value) for value, _ in values_of(column) if value and str(value).strip()]
        return bool(values) and all(" " in v.strip() and not re.search(r"[0-9@]", v) for v in values)

    found = next((h for h in unused if header_key(h) in CONTACT_NAME_HEADERS and names(h)), None)
    if found is None:
        return ()
    return (
        f"{found!r} names each deal's contact by name, not by an id, so it is not read and no deal is linked to a "
        "lead (each counts by its own source, and the funnel has no opportunity or customer from leads). To link "
        'them, import the contacts keyed by their name (lead_id = "Name" under [leads.columns], or the column holding '
        "the full name; each name one person; after a leads file, with --mode append, as a replace would remove its "
        f'leads) and write lead_id = "{found}" under [deals.columns] here',
    )


# Zendesk Sell's contacts export, known by its two contact statuses (as header_key writes them): its deals export
# names each deal's contact by the contact's name ('Contact'), never by this file's 'Id' (trial 110)
SELL_CONTACT_STATUSES = frozenset({"prospectstatus", "customerstatus"})


def _sell_contact_key(m: TableMapping, header: Sequence[str]) -> tuple[str, ...]:
    """A note on a Zendesk Sell contacts file keyed by its id beside a Name column: its deals name the contact by
    that name, so they link to these contacts only when they are keyed by it."""
    keys = {header_key(h) for h in header}
    name = next((h for h in header if header_key(h) == "name"), None)
    if m.kind != "leads" or not keys >= SELL_CONTACT_STATUSES or name is None or m.columns.get("lead_id") == (name,):
        return ()
    return (
        f"Zendesk Sell's deals name their contact in 'Contact' by the contact's {name!r}, not by this file's id: to "
        f'link the deals to these contacts, write lead_id = "{name}" here (each name must be one person; two people '
        "of one name would be one), import it after the leads export with --mode append (a replace would remove "
        'the leads), and write lead_id = "Contact" in the deals\' mapping',
    )


def _dynamics_lead_key(m: TableMapping, header: Sequence[str]) -> tuple[str, ...]:
    """A note on a Dynamics leads file keyed by its hidden GUID beside a Name column: its opportunities name the
    lead by the Name ("Originating Lead"), so deals link to these leads only when they are keyed by it."""
    ids = m.columns.get("lead_id", ())
    name = next((h for h in header if header_key(h) in DYNAMICS_NAME_HEADERS), None)
    if m.kind != "leads" or len(ids) != 1 or header_key(ids[0]) != DYNAMICS_LEAD_ID or name is None:
        return ()
    return (
        f"Dynamics 365's opportunities name their lead in 'Originating Lead' by the lead's {name!r}, not by "
        f'{ids[0]!r}: to link the opportunities to these leads, write lead_id = "{name}" here (each name must be '
        f'one lead; two people of one name would be one) and lead_id = "Originating Lead" in the deals\' mapping',
    )


def _other_currency(m: TableMapping, header: Sequence[str]) -> tuple[str, ...]:
    """A warning when the file holds the proposed amounts in another currency too (an ad export's "Cost (EUR)" and
    "Cost (USD)"): the first was taken, and the money stored is then in its currency; the other may be the right one."""
    amount = next(iter(m.columns.get("amount", ())), "")
    others = currency.same_money_columns(amount, header) if amount else []
    # the headers alone say both hold amounts: the same spend in two currencies, or (an agency's export) each row
    # one account's in its own currency; the warning says what happens either way
    return tuple(
        f"{name!r} holds amounts in {code} too: the proposal reads {amount!r} ({currency.in_header(amount)}). If both "
        f'hold the same spend in two currencies and the money stored is in {code}, write amount = "{name}" under '
        f"[{m.kind}.columns]; if each row fills only one of them, the rows without {amount!r} are skipped"
        for name, code in others
    )


# a form's question of how a person heard of the company (as header_key writes it): what they answered, free
# text, not the channel that brought them, so never read as the source unasked
SELF_REPORTED = re.compile(r"hear|howdidyoufind|wheredidyoufind|howfound|foundus")


def _self_reported_source(m: TableMapping, unused: Sequence[str]) -> tuple[str, ...]:
    """A warning naming a leads file's self-reported column as a source the user may choose, when nothing else
    gives the source."""
    if m.kind != "leads" or "source" in m.columns or "source" in m.constants:
        return ()
    asked = [h for h in unused if SELF_REPORTED.search(header_key(h))]
    return tuple(
        f"no source column; {h!r} is what each person answered (self-reported, free text), not the channel that "
        f'brought them, so it is not read as the source: to count leads by it, write source = "{h}" under '
        "[leads.columns]"
        for h in asked[:1]
    )


def proposal_for(
    kind: str, staged: StagedFile, saved: Mapping[str, Mapping[str, TableMapping]], source: str = "proposed.toml"
) -> Proposal:
    """The proposal for a staged file, its value maps made from the file's own values."""
    on_yes, beside = staged.values_on_yes, staged.values_beside
    return propose(kind, staged.header, staged.value_counts, saved, source, staged.nests, on_yes, beside)


def header_comment(p: Proposal, file_name: str) -> str:
    """Comment lines that open a proposed mapping file: where it came from, what it leaves out."""
    origin = {"canonical": "the canonical column names", "matched": "header names matched by meaning"}.get(
        p.origin, PRESET_NAMES.get(p.origin, p.origin.removeprefix("saved:"))
    )
    lines = [f"# mapping proposed for {file_name} ({p.mapping.kind}) from {origin}"]
    if any(names == (ROW_ID,) for names in p.mapping.columns.values()):
        # the one thing about row-number ids that must not be missed: they change with the file and its order
        lines.append(
            "# NO ID COLUMN: the ids are the file name and row number; import each later export with --mode replace "
            "(an append is refused: it would duplicate every row)"
        )
    lines += [f"# WARNING: {w}" for w in p.warnings]
    lines += [f"# {note}" for note in p.notes]
    if p.missing:
        lines.append(f"# NOT FILLED (the import refuses the file until a column is chosen): {', '.join(p.missing)}")
    if "month" in p.missing and (months := months_as_columns(p.unused)):
        lines.append(f"# {wide_months_advice(months)}")
    if p.unused:
        lines.append(f"# columns of the file not read: {', '.join(p.unused)}")
    return "\n".join(lines) + "\n\n"


def number_format_advice(staged: StagedFile, file_name: str, kind: str, mapping: TableMapping) -> list[str]:
    """The amount columns of a proposed mapping whose separators the import could not decide from the file's values
    (every value like $120,000), each with the mapping lines that settle it, as the import's refusal words them."""
    # before, map wrote a mapping the import then refused for its "$120,000" plan values: two round trips (trial 69)
    spec = canonical_columns(kind)
    q = store.quote_identifier
    said = []
    for target, names in mapping.columns.items():
        if spec.get(target, ("",))[0] not in checks.NUMBER_TYPES or not names or mapping.number_format_of(target):
            continue
        column = names[0]
        if column not in staged.header:
            continue
        cells = staged.con.execute(
            f"select distinct clean(cast({q(column)} as varchar)) from {staged.staging} "
            f"where clean(cast({q(column)} as varchar)) <> ''"
        ).fetchall()
        result = numbers.decide_format(c for (c,) in cells)
        if not result.decided and result.options:
            said.append(numbers.refusal_message(file_name, column, kind, result))
    return said
