-- spark replacement of funnel.sql's stages cte (spark syntax, :name parameters): spark has no generate_subscripts,
-- nor several unnests in one select, so the stage number is exploded once and each list read at it.
with stages as (
    select
        element_at(:stages, stage_order) as stage,
        element_at(array(n_lead, n_mql, n_sql, n_opportunity, n_customer), stage_order) as count_leads,
        element_at(array(0, young_mql, young_sql, young_opportunity, young_customer), stage_order) as count_in_progress,
        stage_order
    from counted
    lateral view explode(sequence(1, size(:stages))) as stage_order
)
