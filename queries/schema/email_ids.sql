-- files written before version 14 stored a lead id that is an e-mail address as the file wrote it; since then an
-- import stores it in lower case (the email_id macro, macros/cleaning.sql), so the stored ids are lowered once, on
-- the upgrade, or an append of the same export would add Ann@Acme.com again as ann@acme.com and a deal naming her
-- would reach no lead. written out here because the upgrade runs before this version's macros exist in the file.
-- a lead whose lower-case id is shared by another stored lead (bo@beta.io, or BO@ beside Bo@) keeps its id:
-- two leads, as they were (lowering both made two leads of one id; merging them would guess).

update leads
set lead_id = lower(lead_id)
where contains(lead_id, '@') and lead_id <> lower(lead_id)
    and regexp_full_match(lead_id, '[^@\s\x{00A0}]+@[^@\s\x{00A0}]+\.[^@\s\x{00A0}]+')
    and lower(lead_id) in (select lower(lead_id) from leads group by all having count(*) = 1);

-- a deal or touch naming a lead by an e-mail id meets the lead as it is now stored
update deals
set lead_id = lower(lead_id)
where contains(lead_id, '@') and lead_id <> lower(lead_id)
    and regexp_full_match(lead_id, '[^@\s\x{00A0}]+@[^@\s\x{00A0}]+\.[^@\s\x{00A0}]+')
    and lead_id not in (select lead_id from leads);

update touches
set lead_id = lower(lead_id)
where contains(lead_id, '@') and lead_id <> lower(lead_id)
    and regexp_full_match(lead_id, '[^@\s\x{00A0}]+@[^@\s\x{00A0}]+\.[^@\s\x{00A0}]+')
    and lead_id not in (select lead_id from leads);
