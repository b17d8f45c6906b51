-- one row per funnel stage ($stages: lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first, and the leads of the
-- previous stage that did not get here: dropped out, or still inside the conversion window. cohort mode counts
-- each lead's hits; activity mode over a date range the stage entries dated in it (stage_entries), reading only
-- the units with one, a quarter of the time (without dates every unit has one, and unpivoting them all is
-- slower): none is in progress there (that is the cohort's young leads). the branch not taken is cut from the
-- plan (the view is bound before planning); its having drops its row of zeros.
with hits as (
    select *
    from funnel_hits($view)
    where not $by_entries
),
counted as (
    select
        count(*) filter (where hit_lead) as n_lead,
        count(*) filter (where hit_mql) as n_mql,
        count(*) filter (where hit_sql) as n_sql,
        count(*) filter (where hit_opportunity) as n_opportunity,
        count(*) filter (where hit_customer) as n_customer,
        count(*) filter (where hit_lead and not hit_mql and is_in_progress) as young_mql,
        count(*) filter (where hit_mql and not hit_sql and is_in_progress) as young_sql,
        count(*) filter (where hit_sql and not hit_opportunity and is_in_progress) as young_opportunity,
        count(*) filter (where hit_opportunity and not hit_customer and is_in_progress) as young_customer
    from hits
    having not $by_entries
    union all
    select
        count(*) filter (where stage = 'lead'),
        count(*) filter (where stage = 'mql'),
        count(*) filter (where stage = 'sql'),
        count(*) filter (where stage = 'opportunity'),
        count(*) filter (where stage = 'customer'),
        0,
        0,
        0,
        0
    from stage_entries($view)
    where $by_entries
    having $by_entries
),
-- the stage names and order are config.STAGES ($stages); the counts above list them in that order
stages as (
    select s.*
    from counted, funnel_stages($stages, counted) as s
)
select *
from stages
-- the lateral call does not keep the macro's order (array_position: the name spark knows too)
order by array_position($stages, stage);
