-- import cleaning: cells as values, and labels as the keys they are compared by.

-- a text cell as a value: null when empty, trimmed when it has surrounding spaces (tabs and the no-break
-- spaces of exports too, so 'Web' and 'Web\u00a0' are one label). trimming every
-- cell of a large import costs more than reading it, and most cells have nothing to trim.
-- does a text cell begin or end with a space, a tab or a no-break space (the first and last character's
-- code point: two calls, where six starts_with/ends_with tests cost 2.5 times the old space-only test)
create or replace macro padded(v) as unicode(v) in (32, 9, 160) or unicode(right(v, 1)) in (32, 9, 160);

create or replace macro clean(v) as
    case
        when padded(v) then nullif(trim(v, ' ' || chr(9) || chr(160)), '')
        else nullif(v, '')
    end;

-- a categorical cell a CRM writes for "no value" as null, as a blank cell is: Zoho writes an empty pick list as
-- '-None-', Salesforce as '--None--'. only these dashed spellings, which no real label is written as; a plain 'None'
-- or GA's '(none)' (its medium of direct traffic) may be a real value and stays. the list is config.NO_VALUE_MARKS,
-- lower-cased, written in by dashboard.queries.sql_text (the comparison is in lower case, the cell already cleaned)
create or replace macro no_value(v) as
    case when lower(v) in ({{no_value_marks}}) then null else v end;

-- a value as value-map keys are matched: case, surrounding blanks and runs of any space (the no-break
-- spaces of exports too) do not matter. dashboard.importers.mapping.value_key does the same in python.
create or replace macro value_key(v) as
    lower(trim(regexp_replace(v, '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}]+', ' ', 'g')));

-- a free-text reason (a rejection's disqualify_reason, a deal's lost_reason) as the key its rows are grouped by:
-- value_key with underscores as spaces, so "Price" and "price", "No Budget" and "No budget ", and the code
-- "no_budget" (which the tables write as "No budget", formatting.label_code) are one reason, not rows that look
-- alike (trial 61: Price 11 and price 1 were two "Price" rows); the pages name it by its most common spelling
create or replace macro reason_key(v) as
    value_key(replace(v, '_', ' '));

-- a source label as a key to compare by: lower case, trimmed, runs of spaces, hyphens, underscores and
-- dots as one '_' ("Inside Sales", "inside-sales" and "INSIDE_SALES" are all inside_sales).
create or replace macro source_key(label) as
    trim(regexp_replace(lower(trim(label)), '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}._-]+', '_', 'g'), '_');

-- an account from an e-mail address (or a bare domain, as a companies export writes it): the domain,
-- lower-cased; null when the cell is no address or its domain is a free-mail service (a person, not a
-- company). `free_domains` is config.FREE_MAIL_DOMAINS, bound by dashboard.importers.accounts.
create or replace macro domain_or_null(d) as
    case when regexp_full_match(d, '(?:[\pL\pN][\pL\pN-]*\.)+\pL{2,}') then d end;

-- a website's address as its domain, as a companies export may write it: scheme, port, path, query and a leading
-- www. dropped (https://www.acme.com:443/about?x is acme.com, as its people's addresses are), and a trailing dot;
-- the regular expressions only where a character says there is something to drop
create or replace macro host_of(d) as
    rtrim(
        case
            when contains(d, '/') or contains(d, '?') or contains(d, '#') or contains(d, ':') or starts_with(d, 'www.')
                then regexp_replace(
                    regexp_extract(regexp_replace(d, '^([a-z][a-z0-9+.-]*:)?//', ''), '^[^/?#:]*'), '^www[.]', ''
                )
            else d
        end,
        '.'
    );

-- the text after the last @ (a split and a plain test: one regular expression over the whole address cost
-- five times as much)
create or replace macro email_domain(v) as
    domain_or_null(host_of(lower(trim(string_split(v, '@')[-1]))));

create or replace macro email_account(v, free_domains) as
    case when not list_contains(free_domains, email_domain(v)) then email_domain(v) end;

-- a company name's words: lower case, & as "and" (Procter & Gamble is Procter and Gamble), dots and apostrophes
-- dropped ("S.A." is sa), any other run of punctuation or space one space
create or replace macro company_words(v) as
    trim(regexp_replace(regexp_replace(replace(lower(v), '&', ' and '), '[.''\x{2019}]', '', 'g'), '[^\pL\pN\pM]+', ' ', 'g'));

-- legal forms as written in config as alternatives of a regular expression: each as company_words writes it, so a
-- name and its form meet however either is spelled, and no form holds a character a pattern reads
create or replace macro legal_forms_pattern(forms) as
    array_to_string(list_filter(list_transform(forms, lambda f: company_words(f)), lambda f: f <> ''), '|');

-- an account from a company name: its words (company_words), legal forms dropped: `glued` (Japanese and Chinese,
-- written without a space: config.COMPANY_LEGAL_GLUED) from either end, `prefixes` (COMPANY_LEGAL_PREFIXES, a
-- word before the name: "ООО Ромашка") from the start, and `suffixes` (COMPANY_LEGAL_SUFFIXES and _PHRASES) from
-- the end, with an "and" between them ("Acme, Inc." and "ACME inc" are both acme, "Müller GmbH & Co. KG"
-- müller); null when nothing is left (dashboard.importers.accounts binds the lists)
create or replace macro company_account(v, suffixes, prefixes, glued) as
    nullif(
        trim(regexp_replace(
            ' ' || regexp_replace(
                regexp_replace(
                    company_words(v),
                    '^(?:' || legal_forms_pattern(glued) || ')|(?:' || legal_forms_pattern(glued) || ')$',
                    '',
                    'g'
                ),
                '^(?:(?:' || legal_forms_pattern(prefixes) || ') )+',
                ''
            ),
            '(?: (?:and|' || legal_forms_pattern(suffixes) || '))+$',
            ''
        )),
        ''
    );

-- an id that is an e-mail address (one @, a dot in its domain, no spaces), in lower case: an address is the same
-- whatever its case (every marketing tool deduplicates them so), so ann@acme.com and ANN@ACME.COM are one lead, and
-- a deal naming Ann@Acme.com meets her. `v` is a cleaned cell; any other id is kept as written. the contains() test
-- first: most ids hold no @, and skip the lower() and the regular expression
create or replace macro email_id(v) as
    case
        when contains(v, '@') and v <> lower(v)
            and regexp_full_match(v, '[^@\s\x{00A0}]+@[^@\s\x{00A0}]+\.[^@\s\x{00A0}]+')
        then lower(v)
        else v
    end;

-- a Salesforce record id in its 18-character form. Reports write an id with 15 case-sensitive characters; Data
-- Loader and the API add three that encode which of the 15 are capitals (one per five, a bit per capital, as a
-- letter or digit of 'A'..'Z0'..'5'), so that tools which ignore case can tell ids apart. A leads report and an
-- opportunities Data Loader export name the same record only once both are written one way; anything that is
-- not a 15-character id is kept as written, and so is a value without both a digit and a letter: a number of 15
-- digits is another system's id, and a word of 15 letters a name ("GlobalLogistics"), where a Salesforce id always
-- holds digits (its object prefix and instance, as in 001Dn00000abcde) and letters.
create or replace macro salesforce_id_capitals(v, p) as
    substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
        1 + (substr(v, p, 1) between 'A' and 'Z')::int + 2 * (substr(v, p + 1, 1) between 'A' and 'Z')::int
          + 4 * (substr(v, p + 2, 1) between 'A' and 'Z')::int + 8 * (substr(v, p + 3, 1) between 'A' and 'Z')::int
          + 16 * (substr(v, p + 4, 1) between 'A' and 'Z')::int,
        1);

create or replace macro salesforce_id(v) as
    case
        when length(v) = 15 and regexp_full_match(v, '[a-zA-Z0-9]{15}') and regexp_matches(v, '[A-Za-z]')
            and regexp_matches(v, '[0-9]')
        then v || salesforce_id_capitals(v, 1) || salesforce_id_capitals(v, 6) || salesforce_id_capitals(v, 11)
        else v
    end;
