-- spark replacement of funnel.sql's stages cte (spark syntax, :name parameters), which calls the funnel_stages
-- table macro on the counts row: spark has no table macros, no generate_subscripts, nor several unnests in one
-- select, so the stage number is exploded once, each list read at it, and the macro's arithmetic written out.
with stages as (
    select
        stage,
        count_leads,
        count_leads / nullif(count_previous, 0) as pct_of_previous,
        count_leads / nullif(count_first, 0) as pct_of_first,
        greatest(coalesce(count_previous - count_leads - count_in_progress, 0), 0) as count_dropped,
        count_in_progress
    from (
        select
            *,
            lag(count_leads) over (order by stage_order) as count_previous,
            first_value(count_leads) over (order by stage_order) as count_first
        from (
            select
                element_at(:stages, stage_order) as stage,
                element_at(array(n_lead, n_mql, n_sql, n_opportunity, n_customer), stage_order) as count_leads,
                element_at(array(0, young_mql, young_sql, young_opportunity, young_customer), stage_order)
                    as count_in_progress,
                stage_order
            from counted
            lateral view explode(sequence(1, size(:stages))) as stage_order
        ) as numbered
    ) as with_previous
)
