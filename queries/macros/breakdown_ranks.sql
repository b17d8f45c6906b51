-- the funnel's breakdown by value, ranked (one row per value kept and stage; no order: the caller orders by value_rank
-- and the stage list): the rows of the table named `per_value` (raw_value, the five stages' counts and weight, one per
-- value: pages/funnel/breakdown.sql counts them from the leads, breakdown_rollup.sql from funnel_rollup) ranked by
-- weight, the top_n largest kept and the rest summed in one bucket (is_other, count_values values, named
-- other_label, grouped apart from a value the data itself calls so). one macro for both files, which stay apart:
-- DuckDB plans every branch of a statement before it cuts the ones a flag rules out.
create or replace macro breakdown_ranks(per_value, top_n, other_label) as table
    with ranked as (
        select *, row_number() over (order by weight desc, raw_value) as value_rank
        from query_table(per_value)
        where weight > 0
    ),
    labelled as (
        select
            case when value_rank <= top_n then raw_value else other_label end as value,
            value_rank > top_n as is_other,
            count(*) as count_values,
            min(value_rank) as value_rank,
            sum(lead) as lead,
            sum(mql) as mql,
            sum(sql) as sql,
            sum(opportunity) as opportunity,
            sum(customer) as customer
        from ranked
        group by 1, 2
    )
    select value, value_rank, is_other, count_values, stage, count_leads
    from (unpivot labelled on lead, mql, sql, opportunity, customer into name stage value count_leads);
