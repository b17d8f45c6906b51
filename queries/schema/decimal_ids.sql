-- files written before version 17 stored a whole-number id as the file wrote it, 1000.0 where a program that
-- read the ids as numbers wrote them so (pandas, with a blank in the column); since then an import drops the .0
-- (checks.strip_decimal_ids), so the stored ids lose it once, on the upgrade, or a deals file naming 1000 would
-- reach no lead. a record whose plain id is stored too keeps its .0: two records, as they were (merging them
-- would guess). written out here because the upgrade runs before this version's macros exist.

update leads
set lead_id = regexp_replace(lead_id, '[.]0+$', '')
where regexp_full_match(lead_id, '[0-9]+[.]0+')
    and regexp_replace(lead_id, '[.]0+$', '') not in (select lead_id from leads);

update deals
set deal_id = regexp_replace(deal_id, '[.]0+$', '')
where regexp_full_match(deal_id, '[0-9]+[.]0+')
    and regexp_replace(deal_id, '[.]0+$', '') not in (select deal_id from deals);

update accounts
set account_id = regexp_replace(account_id, '[.]0+$', '')
where regexp_full_match(account_id, '[0-9]+[.]0+')
    and regexp_replace(account_id, '[.]0+$', '') not in (select account_id from accounts);

-- a reference meets its record as it is now stored: a decimal one whose record lost the .0
update deals
set lead_id = regexp_replace(lead_id, '[.]0+$', '')
where regexp_full_match(lead_id, '[0-9]+[.]0+') and lead_id not in (select lead_id from leads);

update touches
set lead_id = regexp_replace(lead_id, '[.]0+$', '')
where regexp_full_match(lead_id, '[0-9]+[.]0+') and lead_id not in (select lead_id from leads);

update leads
set converted_deal_id = regexp_replace(converted_deal_id, '[.]0+$', '')
where regexp_full_match(converted_deal_id, '[0-9]+[.]0+') and converted_deal_id not in (select deal_id from deals);

-- an account id names no stored record of its own unless an accounts file was imported: stripped like the ids
update leads
set account_id = regexp_replace(account_id, '[.]0+$', '')
where regexp_full_match(account_id, '[0-9]+[.]0+') and account_id not in (select account_id from accounts);

update deals
set account_id = regexp_replace(account_id, '[.]0+$', '')
where regexp_full_match(account_id, '[0-9]+[.]0+') and account_id not in (select account_id from accounts);
