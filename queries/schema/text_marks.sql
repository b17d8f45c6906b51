-- files written before version 15 stored an id as the file wrote it, with the apostrophe a spreadsheet puts before
-- an id to keep it text ('00123); since then an import drops it (checks.strip_text_marks), so the stored ids lose
-- it once, on the upgrade, or an append of the same export would add '00123 again as 00123 and a deals file
-- naming 00123 would reach no lead. a record whose unmarked id is stored too keeps its mark: two records, as they
-- were (merging them would guess). written out here because the upgrade runs before this version's macros exist.

update leads
set lead_id = substr(lead_id, 2)
where starts_with(lead_id, '''') and length(lead_id) > 1
    and substr(lead_id, 2) not in (select lead_id from leads);

update deals
set deal_id = substr(deal_id, 2)
where starts_with(deal_id, '''') and length(deal_id) > 1
    and substr(deal_id, 2) not in (select deal_id from deals);

update accounts
set account_id = substr(account_id, 2)
where starts_with(account_id, '''') and length(account_id) > 1
    and substr(account_id, 2) not in (select account_id from accounts);

-- a reference meets its record as it is now stored: a marked one whose record lost the mark
update deals
set lead_id = substr(lead_id, 2)
where starts_with(lead_id, '''') and lead_id not in (select lead_id from leads);

update touches
set lead_id = substr(lead_id, 2)
where starts_with(lead_id, '''') and lead_id not in (select lead_id from leads);

update leads
set converted_deal_id = substr(converted_deal_id, 2)
where starts_with(converted_deal_id, '''') and converted_deal_id not in (select deal_id from deals);

-- an account id names no stored record of its own unless an accounts file was imported: stripped like the ids
update leads
set account_id = substr(account_id, 2)
where starts_with(account_id, '''') and length(account_id) > 1
    and account_id not in (select account_id from accounts);

update deals
set account_id = substr(account_id, 2)
where starts_with(account_id, '''') and length(account_id) > 1
    and account_id not in (select account_id from accounts);
