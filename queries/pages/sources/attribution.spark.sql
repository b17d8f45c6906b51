-- spark replacement of attribution.sql's credited cte (spark syntax): duckdb's short unpivot statement is
-- spark's unpivot clause. one row per deal, touch and model with its weight; nulls left out in both.
with credited as (
    select *
    from weighted
    unpivot (weight for model in (first_touch, last_touch, linear, u_shaped, w_shaped, time_decay))
)
