-- the shared filter: leads and deals narrowed by the sidebar's dimension lists.
-- an empty list means "no filter". run after refresh_derived, on every connect.

create or replace macro in_range(ts, date_from, date_to) as
    ts >= coalesce(date_from, timestamp '0001-01-01')
    and ts < coalesce(date_to, timestamp '9999-12-31');

create or replace macro filtered_leads(sources, personas, segments, industries, regions, owners) as table
    select *
    from lead_stages
    where (len(sources) = 0 or list_contains(sources, source))
        and (len(personas) = 0 or list_contains(personas, persona))
        and (len(segments) = 0 or list_contains(segments, segment))
        and (len(industries) = 0 or list_contains(industries, industry))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(owners) = 0 or list_contains(owners, owner));

create or replace macro filtered_deals(sources, personas, segments, industries, regions, owners) as table
    select *
    from deal_facts
    where (len(sources) = 0 or list_contains(sources, source))
        and (len(personas) = 0 or list_contains(personas, persona))
        and (len(segments) = 0 or list_contains(segments, segment))
        and (len(industries) = 0 or list_contains(industries, industry))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(owners) = 0 or list_contains(owners, owner));

-- does a lead count at a stage? cohort mode: it was created in the range and reached the stage;
-- activity mode: it entered the stage inside the range. in_order narrows "reached" to entries in order.
create or replace macro stage_hit(mode, in_order, created_at, entered_at, is_reached, is_in_order, date_from, date_to) as
    (case when in_order then is_in_order else is_reached end)
    and (case
        when mode = 'activity' then coalesce(in_range(entered_at, date_from, date_to), false)
        else in_range(created_at, date_from, date_to)
    end);
