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

-- a value as value-map keys are matched: case, surrounding blanks and runs of any space (the no-break
-- spaces of exports too) do not matter. dashboard.importers.mapping.value_key does the same in python.
create or replace macro value_key(v) as
    lower(trim(regexp_replace(v, '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}]+', ' ', 'g')));

-- a source label as a key to compare by: lower case, trimmed, runs of spaces, hyphens, underscores and
-- dots as one '_' ("Inside Sales", "inside-sales" and "INSIDE_SALES" are all inside_sales).
create or replace macro source_key(label) as
    trim(regexp_replace(lower(trim(label)), '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}._-]+', '_', 'g'), '_');
